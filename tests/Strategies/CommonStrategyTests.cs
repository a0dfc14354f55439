using QueueEngine.Domain;
using QueueEngine.Strategies;
using static QueueEngine.Tests.Strategies.Kit;

namespace QueueEngine.Tests.Strategies;

/// <summary>Rules every strategy follows: tiers, removal, tie-breaks, bookkeeping.</summary>
public class CommonStrategyTests
{
    public static IEnumerable<object[]> AllStrategies => Kinds;

    /// <summary>All but random, which draws instead of breaking ties.</summary>
    public static IEnumerable<object[]> TieBreakingStrategies =>
        AllKinds.Where(k => k != StrategyKind.Random).Select(k => new object[] { k });

    [Theory, MemberData(nameof(AllStrategies))]
    public void Empty_strategy_chooses_nobody(StrategyKind kind)
    {
        var s = StrategyFactory.Create(kind, 1);

        Assert.Equal(0, s.Count);
        Assert.Null(s.LowestEligibleLevel);
        Assert.Null(s.Choose(new CallerCursor(), int.MaxValue));
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Lower_level_always_wins_over_a_better_agent_in_a_higher_level(StrategyKind kind)
    {
        // Level 2 agents beat level 1 agents on every key (idle, calls, talk, position, id).
        var s = Make(kind, 7,
            A(1, level: 2, position: 0, idle: 0, calls: 0, talk: 0),
            A(2, level: 2, position: 0, idle: 0, calls: 0, talk: 0),
            A(30, level: 1, position: 9, idle: 500, calls: 9, talk: 900),
            A(40, level: 1, position: 9, idle: 600, calls: 8, talk: 800));
        var caller = new CallerCursor();

        var chosen = Offers(s, caller, 200);

        Assert.All(chosen, id => Assert.Contains(id, new long?[] { 30, 40 }));
        Assert.Equal(1, s.LowestEligibleLevel);
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Nobody_is_chosen_when_only_levels_above_the_open_one_have_agents(StrategyKind kind)
    {
        var s = Make(kind, 7, A(1, level: 2), A(2, level: 3));
        var caller = new CallerCursor();

        Assert.Null(s.Choose(caller, maxOpenLevel: 1));
        Assert.Equal(2, s.LowestEligibleLevel);
        Assert.Equal(1, Id(s.Choose(caller, maxOpenLevel: 2)));
        Assert.Equal(1, Id(s.Choose(caller, maxOpenLevel: 3)));
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Higher_level_is_used_once_the_lower_level_has_nobody_and_it_is_open(StrategyKind kind)
    {
        var low = A(1, level: 1);
        var s = Make(kind, 7, low, A(2, level: 2));
        var caller = new CallerCursor();
        Assert.Equal(1, Id(s.Choose(caller, maxOpenLevel: 1)));

        s.Remove(low);

        Assert.Null(s.Choose(caller, maxOpenLevel: 1));
        Assert.Equal(2, Id(s.Choose(caller, maxOpenLevel: 2)));
        Assert.Equal(2, s.LowestEligibleLevel);
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void A_removed_agent_is_never_chosen(StrategyKind kind)
    {
        var agents = Enumerable.Range(1, 5).Select(i => A(i, position: i, idle: i, calls: i, talk: i)).ToArray();
        var s = Make(kind, 3, agents);
        s.Remove(agents[0]);
        s.Remove(agents[2]);
        s.Remove(agents[4]);

        var chosen = Offers(s, new CallerCursor(), 300);
        Assert.Equal(2, s.Count);
        Assert.All(chosen, id => Assert.Contains(id, new long?[] { 2, 4 }));

        s.Remove(agents[1]);
        Assert.All(Offers(s, new CallerCursor(), 50), id => Assert.Equal(4, id));
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Removing_everyone_empties_the_index(StrategyKind kind)
    {
        var agents = new[] { A(1, level: 1), A(2, level: 2), A(3, level: 2) };
        var s = Make(kind, 3, agents);
        Assert.Equal(3, s.Count);

        foreach (var a in agents) s.Remove(a);

        Assert.Equal(0, s.Count);
        Assert.Null(s.LowestEligibleLevel);
        Assert.Null(s.Choose(new CallerCursor(), int.MaxValue));
    }

    [Theory, MemberData(nameof(TieBreakingStrategies))]
    public void Ties_are_broken_by_position_then_agent(StrategyKind kind)
    {
        // Equal counters everywhere; added in a scrambled order.
        var s = Make(kind, 1, A(5, position: 2), A(9, position: 1), A(4, position: 1), A(1, position: 3));

        Assert.Equal(4, Id(s.Choose(new CallerCursor(), int.MaxValue)));
    }

    [Theory, MemberData(nameof(TieBreakingStrategies))]
    public void Agent_tie_break_is_by_id_then_kind(StrategyKind kind)
    {
        var remote7 = new EligibleAgent(AgentKey.Remote(7), 1, 0, 0, 0, 0);
        var local7 = new EligibleAgent(AgentKey.Local(7), 1, 0, 0, 0, 0);
        var remote2 = new EligibleAgent(AgentKey.Remote(2), 1, 0, 0, 0, 0);
        var s = Make(kind, 1, remote7, local7);
        Assert.Equal(local7, s.Choose(new CallerCursor(), int.MaxValue));

        s.Add(remote2);
        Assert.Equal(remote2, s.Choose(new CallerCursor(), int.MaxValue));
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Adding_an_agent_twice_is_refused(StrategyKind kind)
    {
        var s = Make(kind, 1, A(1, idle: 5));

        Assert.Throws<ArgumentException>(() => s.Add(A(1, idle: 6)));
        Assert.Equal(1, s.Count);
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Removing_an_absent_agent_is_a_no_op(StrategyKind kind)
    {
        var s = Make(kind, 1, A(1));

        s.Remove(A(2));

        Assert.Equal(1, s.Count);
        Assert.Equal(1, Id(s.Choose(new CallerCursor(), int.MaxValue)));
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Removing_with_values_other_than_those_added_is_refused(StrategyKind kind)
    {
        var s = Make(kind, 1, A(1, calls: 2));

        Assert.Throws<ArgumentException>(() => s.Remove(A(1, calls: 3)));
        Assert.Equal(1, s.Count);
        s.Remove(A(1, calls: 2)); // an equal value (not the same instance) is fine
        Assert.Equal(0, s.Count);
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Count_and_lowest_level_follow_adds_and_removes(StrategyKind kind)
    {
        var s = StrategyFactory.Create(kind, 1);
        s.Add(A(1, level: 3));
        Assert.Equal(3, s.LowestEligibleLevel);
        s.Add(A(2, level: 1));
        Assert.Equal(1, s.LowestEligibleLevel);
        s.Add(A(3, level: 1));
        s.Remove(A(2, level: 1));
        Assert.Equal(1, s.LowestEligibleLevel);
        s.Remove(A(3, level: 1));
        Assert.Equal(3, s.LowestEligibleLevel);
        Assert.Equal(1, s.Count);
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Choose_does_not_change_the_index(StrategyKind kind)
    {
        var s = Make(kind, 1, A(1), A(2));

        s.Choose(new CallerCursor(), int.MaxValue);

        Assert.Equal(2, s.Count);
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Negative_levels_are_ordered_like_any_other(StrategyKind kind)
    {
        var s = Make(kind, 1, A(1, level: 0), A(2, level: -3));

        Assert.Equal(-3, s.LowestEligibleLevel);
        Assert.Equal(2, Id(s.Choose(new CallerCursor(), maxOpenLevel: -3)));
        Assert.Null(s.Choose(new CallerCursor(), maxOpenLevel: -4));
    }
}
