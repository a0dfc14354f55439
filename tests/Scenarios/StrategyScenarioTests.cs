using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Hosting;
using QueueEngine.Tests.Support;

namespace QueueEngine.Tests.Scenarios;

/// <summary>Each strategy through the real actors: who is rung, in what order, over a sequence of calls.</summary>
public sealed class StrategyScenarioTests : EngineTestKit
{
    private const long Q = 1, Q2 = 2;

    private AgentKey[] Agents(long queue, int count, AgentSettings? settings = null)
    {
        var keys = new AgentKey[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = Agent(i + 1, (settings ?? new AgentSettings()) with { Name = $"a{i + 1}", ExtensionId = 101 + i });
            Member(queue, keys[i], level: 0, position: i + 1);
        }
        return keys;
    }

    /// <summary>Each call is answered by whoever is rung, talks 10 s and ends.</summary>
    private List<AgentKey> ServeCalls(long queue, int calls, string prefix = "c")
    {
        var served = new List<AgentKey>();
        for (var i = 0; i < calls; i++)
        {
            Enter($"{prefix}{i}", queue, number: $"+{queue}{i}");
            var ring = Sent<Ring>().Last();
            Assert.Equal($"{prefix}{i}", ring.CallId);
            served.Add(ring.Agent);
            Advance(1);
            Leg(ring.LegId, LegEventKind.Answered);
            Advance(10);
            Send(new CallHangup(ring.CallId));
            Advance(1);
        }
        return served;
    }

    [Fact]
    public void Round_robin_moves_a_pointer_per_queue_and_wraps()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.RoundRobin });
        Queue(Q2, QueueSettings.Default with { Strategy = StrategyKind.RoundRobin });
        var a = Agents(Q, 3);
        foreach (var k in a) Member(Q2, k, 0, (int)k.Id);

        Assert.Equal(new[] { a[0], a[1], a[2], a[0] }, ServeCalls(Q, 4));
        // The other queue has its own pointer: it starts at the first agent.
        Assert.Equal(new[] { a[0], a[1] }, ServeCalls(Q2, 2, "d"));
        Assert.Equal(new[] { a[1] }, ServeCalls(Q, 1, "e"));
    }

    [Fact]
    public void Top_down_continues_per_caller_after_the_agent_it_last_tried()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.TopDown });
        var a = Agents(Q, 3);
        Enter("c1", Q);
        for (var i = 0; i < 4; i++) Leg(Sent<Ring>().Last().LegId, LegEventKind.NoAnswer);
        Assert.Equal(new[] { a[0], a[1], a[2], a[0], a[1] }, RungAgents());

        // A new caller starts from the top; the first caller keeps its own place.
        AnswerBy(a[1]);
        Enter("c2", Q);
        Assert.Equal(a[0], Sent<Ring>().Last().Agent);
        Leg(Sent<Ring>().Last().LegId, LegEventKind.NoAnswer);
        Assert.Equal(a[2], Sent<Ring>().Last().Agent);
    }

    [Fact]
    public void Sequential_always_restarts_from_the_first_agent()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.SequentiallyByAgentOrder });
        var a = Agents(Q, 3);
        Enter("c1", Q);
        Leg(Sent<Ring>().Last().LegId, LegEventKind.NoAnswer);
        Leg(Sent<Ring>().Last().LegId, LegEventKind.NoAnswer);
        // No delay: the first agent is eligible again and is rung again.
        Assert.Equal(new[] { a[0], a[0], a[0] }, RungAgents());
        AnswerBy(a[0]);
        Send(new CallHangup("c1"));
        Assert.Equal(new[] { a[0], a[0], a[0] }, ServeCalls(Q, 3, "x"));
    }

    [Fact]
    public void Sequential_skips_an_agent_in_its_no_answer_delay()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.SequentiallyByAgentOrder });
        var a = Agents(Q, 3, new AgentSettings { NoAnswerDelayTime = 30 });
        Enter("c1", Q);
        Leg(Sent<Ring>().Last().LegId, LegEventKind.NoAnswer);
        Leg(Sent<Ring>().Last().LegId, LegEventKind.NoAnswer);
        Assert.Equal(new[] { a[0], a[1], a[2] }, RungAgents());
    }

    [Fact]
    public void Longest_idle_agent_rings_the_one_idle_longest()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.LongestIdleAgent });
        var a = Agents(Q, 3);
        // All logged in at t=0: ties by position.
        Assert.Equal(new[] { a[0], a[1], a[2], a[0] }, ServeCalls(Q, 4));
    }

    [Fact]
    public void Longest_idle_counts_from_the_last_login()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.LongestIdleAgent });
        var a = Agents(Q, 2);
        Advance(5);
        Login(a[0], false);
        Login(a[0], true); // a1 idle since 5 s, a2 since 0 s
        Assert.Equal(new[] { a[1], a[0] }, ServeCalls(Q, 2));
    }

    [Fact]
    public void Fewest_calls_and_least_talk_time_balance_by_their_counters()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.AgentWithFewestCalls });
        var a = Agents(Q, 2);
        Assert.Equal(new[] { a[0], a[1], a[0], a[1] }, ServeCalls(Q, 4));

        Queue(Q2, QueueSettings.Default with { Strategy = StrategyKind.AgentWithLeastTalkTime });
        foreach (var k in a) Member(Q2, k, 0, (int)k.Id);
        // Talk times are equal (20 s each); make a2 talk longer.
        Enter("long", Q2);
        var leg = Sent<Ring>().Last();
        Assert.Equal(a[0], leg.Agent);
        Leg(leg.LegId, LegEventKind.Answered);
        Advance(100);
        Send(new CallHangup("long"));
        // a1 now has 20 + 100 s of talk, a2 has 20 s: a2 takes the next two.
        Assert.Equal(new[] { a[1], a[1] }, ServeCalls(Q2, 2, "t"));
    }

    [Fact]
    public void Ring_all_rings_every_eligible_agent_and_the_first_answer_wins()
    {
        Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.RingAll });
        var a = Agents(Q, 3);
        Enter("c1", Q);
        Assert.Equal(a, RungAgents());
        AssertStatus(Q, 0, 1, 0);
        var legs = Sent<Ring>().ToList();
        Leg(legs[1].LegId, LegEventKind.Answered);
        var cancelled = Sent<CancelRing>().Select(c => c.LegId).OrderBy(x => x).ToList();
        Assert.Equal(new[] { legs[0].LegId, legs[2].LegId }.OrderBy(x => x), cancelled);
        AssertStatus(Q, 0, 0, 1);
        // A late answer from a cancelled leg is refused.
        Leg(legs[0].LegId, LegEventKind.Answered);
        Assert.Single(Published<Answer>());
        // The two others are free for the next caller at once.
        Enter("c2", Q);
        Assert.Equal(new[] { a[0], a[2] }, Sent<Ring>().Where(r => r.CallId == "c2").Select(r => r.Agent));
    }

    [Fact]
    public void Random_is_reproducible_under_a_seed()
    {
        var first = RandomRun(seed: 7);
        Assert.Equal(first, RandomRun(seed: 7));
        Assert.NotEqual(first, RandomRun(seed: 8));
        Assert.True(first.Distinct().Count() >= 3, "random should spread calls over the agents");
    }

    private static List<long> RandomRun(int seed)
    {
        using var kit = new RandomKit(seed);
        return kit.Run();
    }

    private sealed class RandomKit(int seed) : EngineTestKit(new EngineOptions { RandomSeed = seed })
    {
        public List<long> Run()
        {
            Queue(Q, QueueSettings.Default with { Strategy = StrategyKind.Random });
            for (var i = 1; i <= 5; i++) Member(Q, Agent(i), 0, i);
            for (var i = 0; i < 20; i++)
            {
                Enter($"c{i}", Q);
                var ring = Sent<Ring>().Last();
                Leg(ring.LegId, LegEventKind.Answered);
                Send(new CallHangup(ring.CallId));
            }
            return Sent<Ring>().Select(r => r.AgentId).ToList();
        }
    }
}
