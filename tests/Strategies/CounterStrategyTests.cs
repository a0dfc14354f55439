using QueueEngine.Domain;
using QueueEngine.Strategies;
using static QueueEngine.Tests.Strategies.Kit;

namespace QueueEngine.Tests.Strategies;

/// <summary>longest-idle-agent, agent-with-least-talk-time, agent-with-fewest-calls.</summary>
public class CounterStrategyTests
{
    [Fact]
    public void Longest_idle_agent_takes_the_earliest_idle_since_and_moves_to_the_back_after_a_call()
    {
        var s = new LongestIdleAgentStrategy();
        s.Add(A(1, position: 1, idle: 300));
        s.Add(A(2, position: 2, idle: 100));
        s.Add(A(3, position: 3, idle: 200));
        var caller = new CallerCursor();

        Assert.Equal(2, Id(Offer(s, caller)));
        Assert.Equal(3, Id(Offer(s, caller)));
        Assert.Equal(1, Id(Offer(s, caller)));
        Assert.Null(Offer(s, caller));

        // The calls end at different times; each agent comes back idle since its call end.
        s.Add(A(2, position: 2, idle: 1000));
        s.Add(A(3, position: 3, idle: 900));
        s.Add(A(1, position: 1, idle: 950));

        Assert.Equal(new long?[] { 3, 1, 2 }, new[] { Id(Offer(s, caller)), Id(Offer(s, caller)), Id(Offer(s, caller)) });
    }

    [Fact]
    public void Longest_idle_agent_breaks_equal_idle_times_by_position_then_agent()
    {
        var s = Make(StrategyKind.LongestIdleAgent, 0,
            A(9, position: 2, idle: 50), A(8, position: 1, idle: 50), A(7, position: 1, idle: 50), A(1, position: 0, idle: 51));

        Assert.Equal(new long?[] { 7, 8, 9, 1 }, Enumerable.Range(0, 4).Select(_ => Id(Offer(s, new CallerCursor()))));
    }

    [Fact]
    public void Longest_idle_agent_does_not_look_past_the_lowest_level()
    {
        var s = Make(StrategyKind.LongestIdleAgent, 0, A(1, level: 2, idle: 0), A(2, level: 1, idle: 999), A(3, level: 1, idle: 500));

        Assert.Equal(3, Id(s.Choose(new CallerCursor(), 2)));
    }

    [Fact]
    public void Least_talk_time_follows_the_talk_seconds_of_each_answered_call()
    {
        var s = new AgentWithLeastTalkTimeStrategy();
        s.Add(A(1, position: 0));
        s.Add(A(2, position: 1));
        s.Add(A(3, position: 2));
        var caller = new CallerCursor();

        var order = new List<long?>();
        // Each chosen agent answers and talks for the given seconds, then is eligible again.
        foreach (var seconds in new long[] { 120, 30, 60, 100, 10 })
        {
            var chosen = Offer(s, caller)!;
            order.Add(chosen.Agent.Id);
            s.Add(chosen with { TalkSeconds = chosen.TalkSeconds + seconds, AnsweredCalls = chosen.AnsweredCalls + 1 });
        }

        // 1 (tie, first position) -> 120; 2 -> 30; 3 -> 60; 2 (30) -> 130; 3 (60) -> 70.
        Assert.Equal(new long?[] { 1, 2, 3, 2, 3 }, order);
        Assert.Equal(3, Id(s.Choose(caller, int.MaxValue))); // 70 < 120 < 130
    }

    [Fact]
    public void Fewest_calls_follows_the_answered_count()
    {
        var s = new AgentWithFewestCallsStrategy();
        s.Add(A(1, position: 0, calls: 4, talk: 0));
        s.Add(A(2, position: 1, calls: 2, talk: 999));
        s.Add(A(3, position: 2, calls: 2, talk: 0));
        var caller = new CallerCursor();

        var order = new List<long?>();
        for (var i = 0; i < 6; i++)
        {
            var chosen = Offer(s, caller)!;
            order.Add(chosen.Agent.Id);
            s.Add(chosen with { AnsweredCalls = chosen.AnsweredCalls + 1 });
        }

        // Talk time is ignored: 2 and 3 tie on calls, 2 has the lower position.
        // Counts 4,2,2 -> 2 (3) -> 3 (3) -> 2 (4) -> 3 (4) -> 1 (5) -> 2 (5).
        Assert.Equal(new long?[] { 2, 3, 2, 3, 1, 2 }, order);
    }

    [Fact]
    public void Fewest_calls_ignores_a_lower_count_in_a_higher_level_until_its_level_is_the_lowest()
    {
        var busy = A(1, level: 1, calls: 50);
        var s = Make(StrategyKind.AgentWithFewestCalls, 0, busy, A(2, level: 2, calls: 0));

        Assert.Equal(1, Id(s.Choose(new CallerCursor(), int.MaxValue)));
        s.Remove(busy);
        Assert.Equal(2, Id(s.Choose(new CallerCursor(), int.MaxValue)));
    }

    [Theory]
    [InlineData(StrategyKind.LongestIdleAgent)]
    [InlineData(StrategyKind.AgentWithLeastTalkTime)]
    [InlineData(StrategyKind.AgentWithFewestCalls)]
    public void Each_counter_strategy_reads_only_its_own_counter(StrategyKind kind)
    {
        // Agent 1 is best on idle, 2 on talk, 3 on calls; 4 is best on position only.
        var s = Make(kind, 0,
            A(1, position: 3, idle: 1, calls: 9, talk: 9),
            A(2, position: 3, idle: 9, calls: 9, talk: 1),
            A(3, position: 3, idle: 9, calls: 1, talk: 9),
            A(4, position: 0, idle: 5, calls: 5, talk: 5));

        long expected = kind switch
        {
            StrategyKind.LongestIdleAgent => 1,
            StrategyKind.AgentWithLeastTalkTime => 2,
            _ => 3,
        };
        Assert.Equal(expected, Id(s.Choose(new CallerCursor(), int.MaxValue)));
    }
}
