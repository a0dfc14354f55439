using QueueEngine.Domain;
using QueueEngine.Strategies;
using static QueueEngine.Tests.Strategies.Kit;

namespace QueueEngine.Tests.Strategies;

public class StrategyFactoryTests
{
    public static IEnumerable<object[]> AllStrategies => Kinds;

    [Theory, MemberData(nameof(AllStrategies))]
    public void Create_makes_a_new_empty_strategy_of_the_kind(StrategyKind kind)
    {
        var s = StrategyFactory.Create(kind, 1);
        var other = StrategyFactory.Create(kind, 1);

        Assert.Equal(kind, s.Kind);
        Assert.Equal(kind == StrategyKind.RingAll, s.RingsAll);
        Assert.Equal(0, s.Count);
        Assert.NotSame(s, other);
        s.Add(A(1));
        Assert.Equal(0, other.Count);
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Only_ring_all_supports_ChooseAll(StrategyKind kind)
    {
        var s = Make(kind, 1, A(1));
        var into = new List<EligibleAgent>();

        if (kind == StrategyKind.RingAll)
        {
            s.ChooseAll(int.MaxValue, into);
            Assert.Single(into);
        }
        else
        {
            Assert.Throws<NotSupportedException>(() => s.ChooseAll(int.MaxValue, into));
        }
    }

    [Fact]
    public void Create_rejects_an_unknown_kind()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StrategyFactory.Create((StrategyKind)99, 1));
    }

    [Fact]
    public void Rebuild_fills_a_fresh_strategy()
    {
        var eligible = new[] { A(1, idle: 30), A(2, idle: 10), A(3, level: 0, idle: 50) };

        var s = StrategyFactory.Rebuild(StrategyFactory.Create(StrategyKind.LongestIdleAgent, 0), eligible);

        Assert.Equal(3, s.Count);
        Assert.Equal(0, s.LowestEligibleLevel);
        Assert.Equal(new long?[] { 3, 2, 1 }, Enumerable.Range(0, 3).Select(_ => Id(Offer(s, new CallerCursor()))));
    }

    [Fact]
    public void Rebuild_refuses_a_strategy_that_is_not_empty()
    {
        var s = Make(StrategyKind.RoundRobin, 0, A(1));

        Assert.Throws<ArgumentException>(() => StrategyFactory.Rebuild(s, [A(2)]));
    }

    [Fact]
    public void Rebuild_of_random_does_not_depend_on_the_input_order()
    {
        var agents = Enumerable.Range(1, 8).Select(i => A(i, position: i)).ToArray();
        var a = StrategyFactory.Rebuild(StrategyFactory.Create(StrategyKind.Random, 3), agents);
        var b = StrategyFactory.Rebuild(StrategyFactory.Create(StrategyKind.Random, 3), agents.Reverse());

        Assert.Equal(Offers(a, new CallerCursor(), 30), Offers(b, new CallerCursor(), 30));
    }

    [Theory, MemberData(nameof(AllStrategies))]
    public void Switch_moves_every_eligible_agent_into_the_new_strategy(StrategyKind from)
    {
        var current = Make(from, 1, A(1, idle: 30, position: 0), A(2, idle: 10, position: 1), A(3, level: 2, idle: 0));
        var removed = A(4, idle: 0);
        current.Add(removed);
        current.Remove(removed);

        var next = StrategyFactory.Switch(current, StrategyKind.LongestIdleAgent, 0);

        Assert.Equal(StrategyKind.LongestIdleAgent, next.Kind);
        Assert.Equal(3, next.Count);
        Assert.Equal(3, current.Count); // the old one is untouched
        Assert.Equal(new long?[] { 2, 1, null }, Enumerable.Range(0, 3).Select(_ => Id(Offer(next, new CallerCursor(), 1))));
        Assert.Equal(3, Id(Offer(next, new CallerCursor(), 2)));
    }

    [Fact]
    public void Switch_refuses_a_strategy_it_cannot_read()
    {
        Assert.Throws<ArgumentException>(() => StrategyFactory.Switch(new OpaqueStrategy(), StrategyKind.RoundRobin, 0));
    }

    private sealed class OpaqueStrategy : IAgentStrategy
    {
        public StrategyKind Kind => StrategyKind.TopDown;
        public bool RingsAll => false;
        public int Count => 0;
        public int? LowestEligibleLevel => null;
        public void Add(EligibleAgent agent) { }
        public void Remove(EligibleAgent agent) { }
        public EligibleAgent? Choose(CallerCursor caller, int maxOpenLevel) => null;
        public void Offered(CallerCursor caller, EligibleAgent agent) { }
        public void ChooseAll(int maxOpenLevel, List<EligibleAgent> into) { }
    }
}
