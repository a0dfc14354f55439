using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Tests.Support;

namespace QueueEngine.Tests.Scenarios;

/// <summary>Every exit of QUEUE-SPEC §2.10 with the transfer → voicemail → hangup fallback.</summary>
public sealed class ExitTests : EngineTestKit
{
    private const long Q = 3;

    private static readonly QueueSettings Open = QueueSettings.Default with { ExitWithNoAvAgents = false };

    public enum Fallback { Transfer, Voicemail, Hangup }

    private static QueueSettings WithFallback(QueueSettings s, Fallback f, Func<QueueSettings, string, QueueSettings> setTarget) => f switch
    {
        Fallback.Transfer => setTarget(s, "333"),
        Fallback.Voicemail => s with { VmEnabled = true, VmGreeting = 77, VmMailto = "desk@example.com", VmAttachFile = false },
        _ => s with { VmEnabled = false },
    };

    private void AssertSentOff(string callId, Fallback f, HangupReason reason)
    {
        var end = EndOf(callId);
        Assert.Equal(reason, end.Reason);
        switch (f)
        {
            case Fallback.Transfer:
                Assert.Equal(EndAction.Transfer, end.Action);
                var t = Sent<Transfer>().Single(x => x.CallId == callId);
                Assert.Equal("333", t.Destination);
                break;
            case Fallback.Voicemail:
                Assert.Equal(EndAction.Voicemail, end.Action);
                Assert.Equal(new Voicemail(callId, 77, "desk@example.com", false), Sent<Voicemail>().Single(x => x.CallId == callId));
                break;
            default:
                Assert.Equal(EndAction.Hangup, end.Action);
                Assert.Single(Sent<Hangup>(), x => x.CallId == callId);
                Assert.Empty(Sent<Transfer>());
                Assert.Empty(Sent<Voicemail>());
                break;
        }
        Assert.Single(Published<CallerHangup>(), h => h.CallId == callId);
        AssertStatus(Q, 0, 0, 0);
    }

    [Theory]
    [InlineData(Fallback.Transfer)]
    [InlineData(Fallback.Voicemail)]
    [InlineData(Fallback.Hangup)]
    public void Max_wait_time_ends_the_wait_with_timeout(Fallback f)
    {
        Queue(Q, WithFallback(Open with { MaxWaitTime = 90 }, f, (s, d) => s with { TimeoutTransferDst = d }));
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        Leg(Sent<Ring>().Single().LegId, LegEventKind.NoAnswer);
        Advance(89.9);
        Assert.Empty(Published<CallerHangup>());
        Advance(0.1);
        AssertSentOff("c1", f, HangupReason.Timeout);
        Assert.Equal(90, EndOf("c1").WaitSeconds);
        // The ringing leg was cancelled and the agent is free.
        Assert.Contains(Sent<CancelRing>(), c => c.CallId == "c1");
        Assert.Equal(Agents.AgentLiveState.Idle, State(a).Snapshot.Live);
    }

    [Theory]
    [InlineData(Fallback.Transfer)]
    [InlineData(Fallback.Voicemail)]
    [InlineData(Fallback.Hangup)]
    public void No_agents_on_entry_refuses_the_caller(Fallback f)
    {
        Queue(Q, WithFallback(QueueSettings.Default with { ExitWithNoAvAgents = true }, f, (s, d) => s with { NoAgentTimeoutTransferDst = d }));
        var a = Agent(1, new AgentSettings { Name = "a", ExtensionId = 101, Status = AgentStatus.LoggedOut });
        Member(Q, a);
        Enter("c1", Q);
        Assert.Empty(Published<DialIn>());
        AssertSentOff("c1", f, HangupReason.NoAgentsOnEntry);
        // Its call id is forgotten: a later event for it is ignored.
        Send(new CallHangup("c1"));
        Assert.Single(Published<CallerHangup>());
    }

    [Fact]
    public void An_agent_that_is_logged_in_but_busy_lets_the_caller_enter()
    {
        Queue(Q, QueueSettings.Default with { ExitWithNoAvAgents = true });
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        AnswerBy(a);
        Enter("c2", Q);
        Assert.Single(Published<DialIn>(), d => d.CallId == "c2");
        AssertStatus(Q, 1, 0, 1);
    }

    [Theory]
    [InlineData(Fallback.Transfer)]
    [InlineData(Fallback.Voicemail)]
    [InlineData(Fallback.Hangup)]
    public void No_agent_timeout_counts_from_the_last_logout(Fallback f)
    {
        Queue(Q, WithFallback(Open with { MaxWaitTimeWithNoAgent = 30 }, f, (s, d) => s with { NoAgentTimeoutTransferDst = d }));
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);       // rings a
        Enter("c2", Q);       // waits
        Advance(20);
        Login(a, false);      // ring cancelled; nobody logged in from 20 s
        Advance(29.9);
        Assert.Empty(Published<CallerHangup>());
        Advance(0.1);
        Assert.Equal(50, At(EndOf("c1")), 3);
        Assert.Equal(50, At(EndOf("c2")), 3);
        Assert.Equal(HangupReason.NoAgentTimeout, EndOf("c2").Reason);
        AssertSentOff("c1", f, HangupReason.NoAgentTimeout);
    }

    [Fact]
    public void No_agent_timeout_counts_from_entry_when_nobody_was_there_before()
    {
        Queue(Q, Open with { MaxWaitTimeWithNoAgent = 30 });
        Advance(100);
        Enter("c1", Q);
        Advance(29);
        Assert.Empty(Published<CallerHangup>());
        Advance(1);
        Assert.Equal(130, At(EndOf("c1")), 3);
    }

    [Fact]
    public void A_login_stops_the_no_agent_timeout()
    {
        Queue(Q, Open with { MaxWaitTimeWithNoAgent = 30 });
        var a = Agent(1, new AgentSettings { Name = "a", ExtensionId = 101, Status = AgentStatus.LoggedOut });
        Member(Q, a);
        Enter("c1", Q);
        Advance(10);
        Login(a, true);
        Advance(45);
        Assert.Empty(Published<CallerHangup>());
        Assert.Single(Sent<Ring>());
    }

    [Theory]
    [InlineData(Fallback.Transfer)]
    [InlineData(Fallback.Voicemail)]
    [InlineData(Fallback.Hangup)]
    public void Exit_key_leaves_the_queue(Fallback f)
    {
        Queue(Q, WithFallback(Open with { ExitKey = "#" }, f, (s, d) => s with { ExitTransferDst = d }));
        Enter("c1", Q);
        Send(new CallDtmf("c1", "5"));
        Assert.Empty(Published<CallerHangup>());
        Send(new CallDtmf("c1", "#"));
        AssertSentOff("c1", f, HangupReason.ExitKey);
    }

    [Fact]
    public void Exit_key_is_ignored_once_answered()
    {
        Queue(Q, QueueSettings.Default with { ExitKey = "0" });
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        AnswerBy(a);
        Send(new CallDtmf("c1", "0"));
        Assert.Empty(Published<CallerHangup>());
        AssertStatus(Q, 0, 0, 1);
    }

    [Fact]
    public void A_caller_hanging_up_while_waiting_is_abandoned_and_its_ring_cancelled()
    {
        Queue(Q);
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        Advance(12);
        Send(new CallHangup("c1"));
        var end = EndOf("c1");
        Assert.Equal((HangupReason.Abandoned, EndAction.Hangup, 12), (end.Reason, end.Action, end.WaitSeconds));
        Assert.Single(Sent<CancelRing>());
        Assert.Empty(Sent<Hangup>()); // the caller is gone: nothing to send
        Assert.Empty(Sent<Voicemail>());
        Assert.Equal(Agents.AgentLiveState.Idle, State(a).Snapshot.Live);
        AssertStatus(Q, 0, 0, 0);
    }

    [Fact]
    public void Transfers_append_to_the_caller_id_name()
    {
        Queue(Q, Open with { ExitKey = "*", ExitTransferDst = "555", AppendToCidNameOnTransfer = " [sales]" });
        Enter("c1", Q, name: "Ann");
        Send(new CallDtmf("c1", "*"));
        Assert.Equal(new Transfer("c1", "555", "Ann [sales]"), Sent<Transfer>().Single());
    }
}
