using QueueEngine.Domain;
using QueueEngine.Strategies;

namespace QueueEngine.Tests.Strategies;

/// <summary>
/// The bucket queue behind agent-with-least-talk-time, on its own: (level, talk, position, agent)
/// order, the ring growing and wrapping, keys below the least one, very large buckets and the
/// fallback to a sorted index when the keys span too much.
/// </summary>
public class BucketIndexTests
{
    private static EligibleAgent T(long id, long talk, int level = 0, int position = 0, AgentKind kind = AgentKind.Local) =>
        new(new AgentKey(kind, id), level, position, IdleSinceTicks: 0, AnsweredCalls: 0, TalkSeconds: talk);

    private static BucketIndex Index(params EligibleAgent[] agents)
    {
        var index = new BucketIndex(static a => a.TalkSeconds);
        foreach (var a in agents) index.Add(a);
        return index;
    }

    private static List<EligibleAgent> Sorted(IEnumerable<EligibleAgent> agents) =>
        agents.OrderBy(a => a.Level).ThenBy(a => a.TalkSeconds).ThenBy(a => a.Position).ThenBy(a => a.Agent).ToList();

    private static EligibleAgent? Least(List<EligibleAgent> agents)
    {
        EligibleAgent? least = null;
        foreach (var a in agents)
        {
            if (least is null) { least = a; continue; }
            var c = a.Level.CompareTo(least.Level);
            if (c == 0) c = a.TalkSeconds.CompareTo(least.TalkSeconds);
            if (c == 0) c = a.Position.CompareTo(least.Position);
            if (c == 0) c = a.Agent.CompareTo(least.Agent);
            if (c < 0) least = a;
        }
        return least;
    }

    private static void AssertMatches(List<EligibleAgent> expected, BucketIndex index)
    {
        var sorted = Sorted(expected);
        Assert.Equal(sorted.Count, index.Count);
        Assert.Same(sorted.FirstOrDefault(), index.First);
        Assert.Equal(sorted, index.Agents.ToList());
    }

    [Fact]
    public void Orders_by_level_then_talk_then_position_then_agent()
    {
        var agents = new[]
        {
            T(1, talk: 50, level: 1),
            T(2, talk: 10, level: 2),
            T(3, talk: 50, level: 1, position: -1),
            T(4, talk: 50, level: 1, position: -1, kind: AgentKind.Remote),
            T(3, talk: 50, level: 1, position: -1, kind: AgentKind.Remote),
            T(5, talk: 49, level: 1, position: 9),
            T(6, talk: 0, level: 3),
        };
        var index = Index(agents);

        Assert.Equal(new long[] { 5, 3, 3, 4, 1, 2, 6 }, index.Agents.Select(a => a.Agent.Id));
        Assert.Equal(AgentKind.Local, index.Agents.ElementAt(1).Agent.Kind);
        AssertMatches(agents.ToList(), index);
    }

    [Fact]
    public void Keys_below_the_least_one_and_removals_in_the_middle_keep_the_order()
    {
        var agents = new List<EligibleAgent>();
        var index = Index();
        // Descending keys: every add is below the least key so far; then some wrap the ring.
        for (var i = 0; i < 40; i++)
        {
            var a = T(i + 1, talk: 1_000 - 7 * i, position: i % 3);
            agents.Add(a);
            index.Add(a);
        }
        AssertMatches(agents, index);

        foreach (var a in agents.Where(a => a.Agent.Id % 3 == 0).ToList())
        {
            index.Remove(a);
            agents.Remove(a);
            AssertMatches(agents, index);
        }
        // Back in at the same keys and in the gaps between them.
        for (var i = 0; i < 20; i++)
        {
            var a = T(100 + i, talk: 730 + 13 * i, position: 1);
            agents.Add(a);
            index.Add(a);
        }
        AssertMatches(agents, index);
    }

    [Fact]
    public void Taking_the_first_moves_the_least_key_over_empty_seconds()
    {
        // Gaps of hundreds of seconds between keys: the next least key is found in the bitmap.
        var agents = Enumerable.Range(0, 30).Select(i => T(i + 1, talk: 500L * i)).ToList();
        var index = Index(agents.ToArray());

        for (var i = 0; i < 30; i++)
        {
            Assert.Same(agents[0], index.First);
            index.Remove(agents[0]);
            agents.RemoveAt(0);
            AssertMatches(agents, index);
        }
        Assert.Null(index.First);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Keys_spanning_too_much_move_everything_to_a_sorted_index_and_back_once_empty()
    {
        var low = T(1, talk: 0);
        var mid = T(2, talk: 5_000);
        var index = Index(low, mid);
        Assert.False(index.UsesFallback);

        var far = T(3, talk: BucketIndex.MaxRing * 4L);
        index.Add(far);
        Assert.True(index.UsesFallback);
        AssertMatches([low, mid, far], index);

        Assert.Throws<ArgumentException>(() => index.Add(T(2, talk: 1)));
        index.Remove(mid);
        index.Remove(low);
        AssertMatches([far], index);
        index.Remove(far);
        Assert.False(index.UsesFallback);

        // Empty again: buckets again, around any key.
        var again = T(4, talk: BucketIndex.MaxRing * 10L);
        index.Add(again);
        Assert.False(index.UsesFallback);
        AssertMatches([again], index);
    }

    [Fact]
    public void Extreme_keys_fall_back_without_overflowing()
    {
        var a = T(1, talk: long.MaxValue);
        var b = T(2, talk: long.MinValue);
        var c = T(3, talk: -5);
        var index = Index(a, b, c);

        Assert.True(index.UsesFallback);
        AssertMatches([a, b, c], index);
    }

    [Fact]
    public void A_bucket_of_thousands_of_equal_keys_keeps_position_order()
    {
        // Everybody at 0 s after log-in, added in no particular order.
        var rng = new Random(11);
        var agents = Enumerable.Range(1, 1_000).Select(i => T(i, talk: 0, position: rng.Next(2_000))).ToList();
        var index = Index(agents.OrderBy(_ => rng.Next()).ToArray());
        AssertMatches(agents, index);

        // Take the first and put it back later (as after a call), and remove some in the middle.
        for (var i = 0; i < 1_500; i++)
        {
            var first = index.First!;
            index.Remove(first);
            agents.Remove(first);
            if (i % 5 == 0)
            {
                var middle = agents[rng.Next(agents.Count)];
                index.Remove(middle);
                agents.Remove(middle);
            }
            var back = first with { TalkSeconds = first.TalkSeconds + rng.Next(0, 3) };
            index.Add(back);
            agents.Add(back);
        }
        AssertMatches(agents, index);
    }

    [Fact]
    public void A_large_bucket_emptied_is_reused_as_a_small_one()
    {
        var crowd = Enumerable.Range(1, BucketIndex.LargeBucket + 20).Select(i => T(i, talk: 5, position: -i)).ToList();
        var index = Index(crowd.ToArray());
        AssertMatches(crowd, index);
        foreach (var a in crowd) index.Remove(index.First!);
        Assert.Equal(0, index.Count);

        // The same and other keys again, a few agents each, out of order.
        var few = new List<EligibleAgent>();
        for (var i = 0; i < 12; i++) few.Add(T(1_000 + i, talk: 5 + i % 3, position: (i * 7) % 5));
        foreach (var a in few.AsEnumerable().Reverse()) index.Add(a);
        AssertMatches(few, index);
    }

    [Fact]
    public void Double_adds_throw_and_removing_other_values_throws_and_unknown_agents_are_ignored()
    {
        var a = T(1, talk: 100, position: 4);
        var index = Index(a, T(2, talk: 100, position: 5));

        Assert.Throws<ArgumentException>(() => index.Add(T(1, talk: 7)));
        Assert.Throws<ArgumentException>(() => index.Remove(a with { TalkSeconds = 101 }));
        Assert.Throws<ArgumentException>(() => index.Remove(a with { TalkSeconds = 1_000_000_000 }));
        Assert.Throws<ArgumentException>(() => index.Remove(a with { Position = 5 }));
        Assert.Throws<ArgumentException>(() => index.Remove(a with { Level = 3 }));
        index.Remove(T(9, talk: 100));
        Assert.Equal(2, index.Count);

        index.Remove(a with { }); // an equal value is the same agent
        Assert.Equal(1, index.Count);
    }

    [Theory]
    [InlineData(1, 5, 300)]
    [InlineData(2, 70, 20_000)]
    [InlineData(3, 700, 20_000)]
    [InlineData(4, 300, 200_000)]
    public void Matches_a_sorted_list_through_cycles_levels_and_churn(int seed, int agentCount, int initialSpread)
    {
        var rng = new Random(seed);
        var index = new BucketIndex(static a => a.TalkSeconds);
        var agents = new List<EligibleAgent>();
        var outside = new List<EligibleAgent>();
        for (var i = 1; i <= agentCount; i++)
        {
            var a = new EligibleAgent(rng.Next(10) == 0 ? AgentKey.Remote(i) : AgentKey.Local(i), Level: rng.Next(4) == 0 ? 2 : 1,
                Position: rng.Next(50), IdleSinceTicks: 0, AnsweredCalls: 0, TalkSeconds: rng.Next(initialSpread));
            index.Add(a);
            agents.Add(a);
        }
        AssertMatches(agents, index);

        for (var step = 0; step < 20_000; step++)
        {
            var op = rng.Next(100);
            if (op < 70 && index.First is { } first)
            {
                // A call: the first agent comes back with more talk time.
                index.Remove(first);
                agents.Remove(first);
                var back = first with { TalkSeconds = first.TalkSeconds + 60 + rng.Next(240) };
                index.Add(back);
                agents.Add(back);
            }
            else if (op < 85 && agents.Count > 0)
            {
                var gone = agents[rng.Next(agents.Count)];
                index.Remove(gone);
                agents.Remove(gone);
                outside.Add(gone);
            }
            else if (outside.Count > 0)
            {
                var back = outside[rng.Next(outside.Count)];
                outside.Remove(back);
                // Sometimes a new login (0 s) or a move to another level.
                if (rng.Next(10) == 0) back = back with { TalkSeconds = 0 };
                if (rng.Next(20) == 0) back = back with { Level = rng.Next(1, 4) };
                index.Add(back);
                agents.Add(back);
            }
            if (step % 97 == 0) AssertMatches(agents, index);
            else Assert.Same(Least(agents), index.First);
        }
        AssertMatches(agents, index);
    }
}
