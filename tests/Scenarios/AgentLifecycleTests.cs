using QueueEngine.Agents;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Tests.Support;

namespace QueueEngine.Tests.Scenarios;

/// <summary>Logins, logouts, removal and deletion at awkward moments; sticky agent; quality rating; agent hangup.</summary>
public sealed class AgentLifecycleTests : EngineTestKit
{
    private const long Q = 5;

    [Fact]
    public void Logout_while_ringing_cancels_the_ring_and_the_caller_goes_to_the_next_agent()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.SequentiallyByAgentOrder });
        var a1 = Agent(1);
        var a2 = Agent(2);
        Member(Q, a1, 0, 1);
        Member(Q, a2, 0, 2);
        Enter("c1", Q);
        var first = Sent<Ring>().Single();
        Assert.Equal(a1, first.Agent);
        Login(a1, false);
        Assert.Equal(first.LegId, Sent<CancelRing>().Single().LegId);
        Assert.Equal(a2, Sent<Ring>().Last().Agent);
        Assert.Equal(AgentLiveState.Idle, State(a1).Snapshot.Live);
        Assert.False(State(a1).Snapshot.LoggedIn);
        Assert.Single(Published<AgentLogout>());
        // A late answer of the cancelled leg is ignored.
        Leg(first.LegId, LegEventKind.Answered);
        Assert.Empty(Published<Answer>());
    }

    [Fact]
    public void Logout_during_a_call_takes_effect_when_the_call_ends()
    {
        Queue(Q);
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        AnswerBy(a);
        Login(a, false);
        Assert.Empty(Published<AgentLogout>());
        Assert.True(State(a).Snapshot.LoggedIn);
        AssertStatus(Q, 0, 0, 1); // the call goes on
        Advance(40);
        Send(new CallHangup("c1"));
        Assert.Equal(40, At(Published<AgentLogout>().Single()), 3);
        Assert.False(State(a).Snapshot.LoggedIn);
        Enter("c2", Q, number: "+2");
        Assert.Equal(HangupReason.NoAgentsOnEntry, EndOf("c2").Reason);
    }

    [Fact]
    public void Login_resets_the_counters()
    {
        Queue(Q);
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        AnswerBy(a);
        Advance(20);
        Send(new CallHangup("c1"));
        Assert.Equal((1, 20L), (State(a).Snapshot.AnsweredCalls, State(a).Snapshot.TalkSeconds));
        Login(a, false);
        Login(a, true);
        Assert.Equal((0, 0L), (State(a).Snapshot.AnsweredCalls, State(a).Snapshot.TalkSeconds));
        Assert.Equal(2, Published<AgentLogin>().Count()); // creation logged it in, then again
    }

    [Fact]
    public void Removing_a_member_cancels_its_ring_from_that_queue()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.SequentiallyByAgentOrder });
        var a1 = Agent(1);
        var a2 = Agent(2);
        Member(Q, a1, 0, 1);
        Member(Q, a2, 0, 2);
        Enter("c1", Q);
        RemoveMember(Q, a1);
        Assert.Single(Sent<CancelRing>());
        Assert.Equal(a2, Sent<Ring>().Last().Agent);
        Assert.Equal(AgentLiveState.Idle, State(a1).Snapshot.Live);
        Assert.Empty(State(a1).Queues);
    }

    [Fact]
    public void Removing_a_member_during_a_call_lets_the_call_continue()
    {
        Queue(Q, QueueSettings.Default with { ExitWithNoAvAgents = false });
        var a = Agent(1, new AgentSettings { Name = "a", ExtensionId = 101, WrapUpTime = 5 });
        Member(Q, a);
        Enter("c1", Q);
        AnswerBy(a);
        RemoveMember(Q, a);
        Assert.Empty(Sent<CancelRing>());
        AssertStatus(Q, 0, 0, 1);
        Advance(30);
        Send(new CallHangup("c1"));
        Assert.Equal((HangupReason.Completed, 30), (EndOf("c1").Reason, EndOf("c1").TalkSeconds));
        Assert.Equal(AgentLiveState.WrapUp, State(a).Snapshot.Live);
        Advance(5);
        Assert.Equal(AgentLiveState.Idle, State(a).Snapshot.Live);
        Enter("c2", Q);
        Assert.Single(Sent<Ring>());
    }

    [Fact]
    public void Deleting_an_agent_mid_call_keeps_the_call_and_stops_further_offers()
    {
        const long other = 6;
        Queue(Q, QueueSettings.Default with { ExitWithNoAvAgents = false });
        Queue(other, QueueSettings.Default with { ExitWithNoAvAgents = false });
        var a = Agent(1);
        Member(Q, a);
        Member(other, a);
        Enter("c1", Q);
        AnswerBy(a);
        Ask<AgentDeleted>(Engine.Agents, new DeleteAgent(a, RemoveFromQueues: true));
        Assert.Empty(Snapshot(Q).Members);
        Assert.Empty(Snapshot(other).Members);
        AssertStatus(Q, 0, 0, 1);
        Send(new CallHangup("c1"));
        Assert.Equal(HangupReason.Completed, EndOf("c1").Reason);
        Enter("c2", other);
        Assert.Single(Sent<Ring>());
    }

    [Fact]
    public void Deleting_an_agent_while_ringing_cancels_the_ring()
    {
        Queue(Q, QueueSettings.Default with { ExitWithNoAvAgents = false });
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        Ask<AgentDeleted>(Engine.Agents, new DeleteAgent(a, RemoveFromQueues: false));
        Assert.Single(Sent<CancelRing>());
        AssertStatus(Q, 1, 0, 0);
        Assert.Empty(Snapshot(Q).EligibleAgents);
    }

    [Fact]
    public void Sticky_agent_gets_the_first_offer_when_eligible()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.RoundRobin, TrySameAgentTime = 3600 });
        var a1 = Agent(1);
        var a2 = Agent(2);
        Member(Q, a1, 0, 1);
        Member(Q, a2, 0, 2);
        Enter("c1", Q, number: "+49");
        Assert.Equal(a1, Sent<Ring>().Last().Agent);
        Leg(Sent<Ring>().Last().LegId, LegEventKind.NoAnswer);
        AnswerBy(a2);
        Send(new CallHangup("c1"));
        // Round-robin would now ring a1; the same number goes to a2 who answered it.
        Advance(600);
        Enter("c2", Q, number: "+49");
        Assert.Equal(a2, Sent<Ring>().Last().Agent);
        // A different number follows the strategy.
        Enter("c3", Q, number: "+50");
        Assert.Equal(a1, Sent<Ring>().Last().Agent);
    }

    /// <summary>a2 answered number +7 before; a1 is first by strategy (sequential).</summary>
    private (AgentKey A1, AgentKey A2) StickyToSecondAgent()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.SequentiallyByAgentOrder, TrySameAgentTime = 600 });
        var a1 = Agent(1);
        var a2 = Agent(2);
        Member(Q, a1, 0, 1);
        Member(Q, a2, 0, 2);
        Enter("c0", Q, number: "+1");         // keeps a1 busy
        Enter("c1", Q, number: "+7");         // goes to a2
        AnswerBy(a2);
        Send(new CallHangup("c1"));
        AnswerBy(a1);
        Send(new CallHangup("c0"));
        return (a1, a2);
    }

    [Fact]
    public void Sticky_agent_miss_when_not_eligible_falls_back_to_the_strategy_at_once()
    {
        var (a1, a2) = StickyToSecondAgent();
        Enter("busy", Q, number: "+2");       // sequential: a1
        Enter("busy2", Q, number: "+3");      // a2
        AnswerBy(a2);                         // a2 in a call
        Leg(LastRing(a1).LegId, LegEventKind.NoAnswer);
        Send(new CallHangup("busy"));         // a1 free again
        var before = Sent<Ring>().Count();
        Enter("c2", Q, number: "+7");
        Assert.Equal(a1, Sent<Ring>().Skip(before).Single().Agent);
    }

    [Fact]
    public void Sticky_agent_miss_when_it_does_not_answer_falls_back_to_the_strategy()
    {
        var (a1, a2) = StickyToSecondAgent();
        Enter("c2", Q, number: "+7");
        Assert.Equal(a2, Sent<Ring>().Last().Agent);   // the sticky offer, alone
        Assert.Equal(1, Sent<Ring>().Count(r => r.CallId == "c2"));
        Leg(Sent<Ring>().Last().LegId, LegEventKind.NoAnswer);
        Assert.Equal(a1, Sent<Ring>().Last().Agent);   // then by strategy
    }

    [Fact]
    public void Sticky_agent_expires_after_try_same_agent_time()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.SequentiallyByAgentOrder, TrySameAgentTime = 60 });
        var a1 = Agent(1);
        var a2 = Agent(2);
        Member(Q, a1, 0, 1);
        Member(Q, a2, 0, 2);
        Enter("c1", Q);                       // a1
        Enter("c2", Q, number: "+8");         // a2
        AnswerBy(a2);
        Send(new CallHangup("c2"));
        Advance(59);
        Enter("c3", Q, number: "+8");
        Assert.Equal(a2, Sent<Ring>().Last().Agent);   // within 60 s: sticky
        Leg(Sent<Ring>().Last().LegId, LegEventKind.Answered);
        Send(new CallHangup("c3"));
        Send(new CallHangup("c1"));
        Advance(61);
        Enter("c4", Q, number: "+8");
        Assert.Equal(a1, Sent<Ring>().Last().Agent);   // expired: sequential picks a1
    }

    private void AnsweredThenAgentHangsUp(QueueSettings settings)
    {
        Queue(Q, settings);
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q, name: "Bob");
        var leg = AnswerBy(a);
        Advance(25);
        Leg(leg, LegEventKind.Hangup);
    }

    [Fact]
    public void Agent_hangup_with_transfer_sends_the_caller_on()
    {
        AnsweredThenAgentHangsUp(QueueSettings.Default with
        {
            AgentHangupAction = AgentHangupAction.Transfer, AgentHangupTransferDst = "700", AppendToCidNameOnTransfer = "/q",
        });
        Assert.Equal(new Transfer("c1", "700", "Bob/q"), Sent<Transfer>().Single());
        var end = EndOf("c1");
        Assert.Equal((HangupReason.Completed, EndAction.Transfer, 25), (end.Reason, end.Action, end.TalkSeconds));
        AssertStatus(Q, 0, 0, 0);
        Assert.Equal(AgentLiveState.Idle, State(AgentKey.Local(1)).Snapshot.Live);
    }

    [Fact]
    public void Agent_hangup_without_action_hangs_up_the_caller()
    {
        AnsweredThenAgentHangsUp(QueueSettings.Default);
        Assert.Single(Sent<Hangup>());
        Assert.Equal((HangupReason.Completed, EndAction.Hangup), (EndOf("c1").Reason, EndOf("c1").Action));
    }

    private static QueueSettings Rating => QueueSettings.Default with
    {
        AgentHangupAction = AgentHangupAction.QualityRate, QualityRateMax = 5, QualityRateSound = 81, QualityRateFinishSound = 82,
    };

    [Fact]
    public void Quality_rating_with_a_valid_digit_is_stored_and_thanked_for()
    {
        Behavior.Digits = _ => ("4", TimeSpan.FromSeconds(3));
        AnsweredThenAgentHangsUp(Rating);
        var ask = Sent<CollectDigits>().Single();
        Assert.Equal((81L, 5, 10), (ask.PromptSoundId!.Value, ask.MaxDigit, ask.TimeoutSeconds));
        AssertStatus(Q, 0, 0, 0); // no longer talking to an agent
        Assert.Empty(Published<CallerHangup>());
        Advance(3);
        Assert.Equal(4, Published<QualityRate>().Single().Rating);
        var tail = Commands.Select(c => c.Command).TakeLast(2).ToList();
        Assert.Equal(82L, ((Play)tail[0]).SoundId);
        Assert.IsType<Hangup>(tail[1]);
        Assert.Equal(HangupReason.Completed, EndOf("c1").Reason);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("0")]
    [InlineData("12")]
    [InlineData("*")]
    public void Quality_rating_with_an_invalid_digit_stores_nothing(string digits)
    {
        Behavior.Digits = _ => (digits, TimeSpan.FromSeconds(2));
        AnsweredThenAgentHangsUp(Rating);
        Advance(2);
        Assert.Empty(Published<QualityRate>());
        Assert.DoesNotContain(Sent<Play>(), p => p.SoundId == 82);
        Assert.IsType<Hangup>(Commands.Last().Command);
        Assert.Single(Published<CallerHangup>());
    }

    [Fact]
    public void Quality_rating_times_out_after_ten_seconds()
    {
        AnsweredThenAgentHangsUp(Rating);
        Advance(9.9);
        Assert.Empty(Published<CallerHangup>());
        Advance(0.1);
        Assert.Empty(Published<QualityRate>());
        Assert.Equal(35, At(EndOf("c1")), 3);
        Assert.IsType<Hangup>(Commands.Last().Command);
        // A late answer is ignored.
        Send(new DigitsCollected("c1", Sent<CollectDigits>().Single().RequestId, "3"));
        Assert.Empty(Published<QualityRate>());
    }
}
