using QueueEngine.Domain;
using QueueEngine.Strategies;
using static QueueEngine.Tests.Strategies.Kit;

namespace QueueEngine.Tests.Strategies;

/// <summary>
/// Queues of hundreds of agents, checked step by step against a linear scan: large enough that the
/// indexes split and merge chunks, grow and compact their sorted runs and use their fallback heap,
/// which the small-key property test never reaches.
/// </summary>
public class StrategyScaleTests
{
    public static IEnumerable<object[]> AllStrategies => Kinds;

    [Theory, MemberData(nameof(AllStrategies))]
    public void Matches_a_linear_scan_with_hundreds_of_agents(StrategyKind kind)
    {
        var rng = new Random(4242 + (int)kind);
        var real = StrategyFactory.Create(kind, seed: 5);
        var reference = new List<EligibleAgent>();
        var cursor = new CallerCursor();
        MemberOrder? pointer = null;
        var clock = 1_000_000L;
        var ringAll = new List<EligibleAgent>();

        EligibleAgent NewAgent(long id) => new(
            rng.Next(10) == 0 ? AgentKey.Remote(id) : AgentKey.Local(id),
            Level: rng.Next(8) == 0 ? 2 : 1,
            Position: rng.Next(300),
            IdleSinceTicks: rng.Next(3) == 0 ? clock : rng.Next(0, 1_000_000),
            AnsweredCalls: rng.Next(0, 6),
            TalkSeconds: rng.Next(0, 5_000));

        var free = Enumerable.Range(1, 900).Select(i => (long)i).ToList();
        for (var step = 0; step < 12_000; step++)
        {
            clock += rng.Next(1, 50);
            var op = rng.Next(100);
            // Grow to several hundred agents, then shrink, then grow again: splits and merges.
            var wantMore = (step / 3_000) % 2 == 0;
            if (op < (wantMore ? 40 : 15) && free.Count > 0)
            {
                var i = rng.Next(free.Count);
                var agent = NewAgent(free[i]);
                if (reference.Any(a => a.Agent == agent.Agent)) continue;
                free.RemoveAt(i);
                real.Add(agent);
                reference.Add(agent);
            }
            else if (op < 50 && reference.Count > 0)
            {
                var agent = reference[rng.Next(reference.Count)];
                real.Remove(agent);
                reference.Remove(agent);
                free.Add(agent.Agent.Id);
            }
            else
            {
                var maxOpen = rng.Next(6) == 0 ? 1 : int.MaxValue;
                var expected = Expected(kind, reference, maxOpen, kind == StrategyKind.RoundRobin ? pointer : cursor.LastOffered);
                var actual = real.Choose(cursor, maxOpen);
                if (kind == StrategyKind.Random)
                    Assert.Equal(expected is null, actual is null);
                else
                    Assert.Equal(expected, actual);
                if (kind == StrategyKind.RingAll)
                {
                    ringAll.Clear();
                    real.ChooseAll(maxOpen, ringAll);
                    Assert.Equal(reference.Where(a => a.Level <= maxOpen).OrderBy(a => a.Order), ringAll);
                }
                if (actual is null) continue;

                // The queue's cycle: offered, ringing (out of the index), back after the call with
                // new counters, or at once with the same ones (a failed offer).
                real.Offered(cursor, actual);
                pointer = actual.Order;
                real.Remove(actual);
                reference.Remove(actual);
                var back = rng.Next(4) == 0
                    ? actual
                    : actual with { IdleSinceTicks = clock, AnsweredCalls = actual.AnsweredCalls + 1, TalkSeconds = actual.TalkSeconds + rng.Next(30, 600) };
                real.Add(back);
                reference.Add(back);
            }

            Assert.Equal(reference.Count, real.Count);
            Assert.Equal(reference.Count == 0 ? null : reference.Min(a => a.Level), real.LowestEligibleLevel);
        }

        // Everything that was added and not removed is still there, once.
        var switched = StrategyFactory.Switch(real, StrategyKind.RingAll, 1);
        var all = new List<EligibleAgent>();
        switched.ChooseAll(int.MaxValue, all);
        Assert.Equal(reference.OrderBy(a => a.Order), all);
    }

    private static EligibleAgent? Expected(StrategyKind kind, List<EligibleAgent> agents, int maxOpen, MemberOrder? pointer)
    {
        if (agents.Count == 0) return null;
        var lowest = agents.Min(a => a.Level);
        if (lowest > maxOpen) return null;
        var level = agents.Where(a => a.Level == lowest).OrderBy(a => a.Order).ToList();
        return kind switch
        {
            StrategyKind.LongestIdleAgent => level.OrderBy(a => a.IdleSinceTicks).First(),
            StrategyKind.AgentWithLeastTalkTime => level.OrderBy(a => a.TalkSeconds).First(),
            StrategyKind.AgentWithFewestCalls => level.OrderBy(a => a.AnsweredCalls).First(),
            StrategyKind.RoundRobin or StrategyKind.TopDown =>
                pointer is { } p && p.Level == lowest ? level.FirstOrDefault(a => a.Order.CompareTo(p) > 0) ?? level[0] : level[0],
            _ => level[0], // ring-all's and sequential's first; random is only checked for null
        };
    }
}
