using QueueEngine.Domain;
using QueueEngine.Strategies;
using static QueueEngine.Tests.Strategies.Kit;

namespace QueueEngine.Tests.Strategies;

public class RandomStrategyTests
{
    /// <summary>A fixed script of adds, removes and offers; returns the ids chosen.</summary>
    private static List<long?> Script(int seed)
    {
        var s = StrategyFactory.Create(StrategyKind.Random, seed);
        var caller = new CallerCursor();
        var agents = Enumerable.Range(1, 6).Select(i => A(i, level: i <= 4 ? 1 : 2, position: i)).ToArray();
        foreach (var a in agents) s.Add(a);

        var chosen = new List<long?>();
        for (var round = 0; round < 40; round++)
        {
            chosen.Add(OfferAndReturn(s, caller));
            if (round == 10) s.Remove(agents[1]);
            if (round == 20) s.Remove(agents[3]);
            if (round == 25) s.Add(agents[1]);
            if (round == 30) s.Remove(agents[0]);
        }
        return chosen;
    }

    [Fact]
    public void The_same_seed_and_calls_give_the_same_choices()
    {
        Assert.Equal(Script(42), Script(42));
    }

    [Fact]
    public void Another_seed_gives_other_choices()
    {
        Assert.NotEqual(Script(42), Script(43));
    }

    [Fact]
    public void Choices_depend_on_the_seed_only_not_on_the_instance()
    {
        var first = Make(StrategyKind.Random, 7, A(1), A(2), A(3), A(4));
        var second = Make(StrategyKind.Random, 7, A(1), A(2), A(3), A(4));

        // Interleave the two: neither may influence the other.
        var a = new List<long?>();
        var b = new List<long?>();
        for (var i = 0; i < 50; i++)
        {
            a.Add(OfferAndReturn(first, new CallerCursor()));
            b.Add(OfferAndReturn(second, new CallerCursor()));
        }
        Assert.Equal(a, b);
        Assert.Equal(4, a.Distinct().Count());
    }

    [Fact]
    public void Choices_are_roughly_uniform()
    {
        var s = Make(StrategyKind.Random, 2024, A(1, position: 0), A(2, position: 1), A(3, position: 2));
        var counts = new Dictionary<long, int> { [1] = 0, [2] = 0, [3] = 0 };

        for (var i = 0; i < 30_000; i++) counts[OfferAndReturn(s, new CallerCursor())!.Value]++;

        // Expected 10,000 each, standard deviation about 82: ±500 is six of them.
        Assert.All(counts.Values, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Choices_stay_uniform_among_the_agents_left_after_removals()
    {
        var agents = Enumerable.Range(1, 5).Select(i => A(i, position: i)).ToArray();
        var s = Make(StrategyKind.Random, 99, agents);
        s.Remove(agents[0]);
        s.Remove(agents[3]);
        var counts = new Dictionary<long, int>();

        for (var i = 0; i < 30_000; i++)
        {
            var id = OfferAndReturn(s, new CallerCursor())!.Value;
            counts[id] = counts.GetValueOrDefault(id) + 1;
        }

        Assert.Equal(new long[] { 2, 3, 5 }, counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Draws_only_from_the_lowest_level_and_reaches_all_of_it()
    {
        var s = Make(StrategyKind.Random, 5,
            A(1, level: 1), A(2, level: 1), A(3, level: 2), A(4, level: 2), A(5, level: 2));

        var chosen = Offers(s, new CallerCursor(), 1_000);

        Assert.Equal(new long?[] { 1, 2 }, chosen.Distinct().Order());
    }

    [Fact]
    public void Draws_from_the_next_level_once_the_lowest_is_empty_and_open()
    {
        var low = A(1, level: 1);
        var s = Make(StrategyKind.Random, 5, low, A(3, level: 2), A(4, level: 2));
        s.Remove(low);

        Assert.Null(s.Choose(new CallerCursor(), maxOpenLevel: 1));
        Assert.Equal(new long?[] { 3, 4 }, Offers(s, new CallerCursor(), 200, maxOpenLevel: 2).Distinct().Order());
    }
}
