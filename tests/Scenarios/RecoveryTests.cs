using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Queues;
using QueueEngine.Tests.Support;

namespace QueueEngine.Tests.Scenarios;

/// <summary>A restarted engine takes back the callers that were waiting (the crash test over HTTP is the host's).</summary>
public sealed class RecoveryTests
{
    private const long Q = 9;

    private sealed class Kit(ICallerStore store) : EngineTestKit(callers: store)
    {
        public void Configure(QueueSettings settings, bool agentLoggedIn)
        {
            Queue(Q, settings);
            Member(Q, Agent(1, new AgentSettings { Name = "a", ExtensionId = 101, Status = agentLoggedIn ? AgentStatus.Available : AgentStatus.LoggedOut }));
        }

        public new void Enter(string callId, long queue, string number = "+100", string? name = "Caller") => base.Enter(callId, queue, number, name);
        public new void Advance(double seconds) => base.Advance(seconds);
        public new void Send(IGatewayEvent e) => base.Send(e);
        public QueueSnapshot Snap => Snapshot(Q);
        public List<Ring> Rings => Sent<Ring>().ToList();
        public List<CallerHangup> Ends => Published<CallerHangup>().ToList();
    }

    private static readonly QueueSettings Settings = QueueSettings.Default with { ExitWithNoAvAgents = false, MaxWaitTime = 300 };

    [Fact]
    public void Waiting_callers_come_back_in_order_and_ringing_ones_are_offered_again()
    {
        var store = new InMemoryCallerStore();
        using (var before = new Kit(store))
        {
            before.Configure(Settings, agentLoggedIn: true);
            before.Enter("first", Q, "+1");   // rings the agent
            before.Advance(10);
            before.Enter("second", Q, "+2");
            before.Enter("third", Q, "+3");
            before.Send(new CallHangup("third")); // gone: not recovered
            Assert.Single(before.Rings);
        } // the host dies here

        using var after = new Kit(store);
        after.Advance(20);
        after.Configure(Settings, agentLoggedIn: true);
        Assert.Equal(new[] { "first", "second" }, after.Snap.CallersInOrder);
        Assert.Equal(new QueueStatus(Q, 1, 1, 0), after.Snap.Status);
        Assert.Equal("first", after.Rings.Single().CallId); // offered again, head first

        // Events for a recovered call reach its queue (the router knows it again).
        after.Send(new CallHangup("second"));
        Assert.Equal(HangupReason.Abandoned, after.Ends.Single().Reason);
    }

    [Fact]
    public void The_max_wait_time_counts_from_the_original_entry()
    {
        var store = new InMemoryCallerStore();
        using (var before = new Kit(store))
        {
            before.Configure(Settings, agentLoggedIn: false);
            before.Advance(50);
            before.Enter("c1", Q);
        }

        using var after = new Kit(store);
        after.Advance(200); // the new engine's clock: entry was at 50 s, the limit is 300 s
        after.Configure(Settings, agentLoggedIn: false);
        after.Advance(149);
        Assert.Empty(after.Ends);
        after.Advance(1);
        var end = Assert.Single(after.Ends);
        Assert.Equal((HangupReason.Timeout, 300), (end.Reason, end.WaitSeconds));
    }

    [Fact]
    public void Answered_and_ended_callers_are_not_recovered()
    {
        var store = new InMemoryCallerStore();
        using (var before = new Kit(store))
        {
            before.Configure(Settings, agentLoggedIn: true);
            before.Enter("c1", Q);
            before.Send(new LegEvent("c1", before.Rings.Single().LegId, LegEventKind.Answered));
            before.Enter("c2", Q);
            before.Send(new CallDtmf("c2", "5"));
        }
        Assert.Single(store.Load(Q));
        using var after = new Kit(store);
        after.Configure(Settings, agentLoggedIn: true);
        Assert.Equal(new[] { "c2" }, after.Snap.CallersInOrder);
    }
}
