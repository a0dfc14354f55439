using QueueEngine.Domain;
using QueueEngine.Strategies;
using static QueueEngine.Tests.Strategies.Kit;

namespace QueueEngine.Tests.Strategies;

/// <summary>
/// Thousands of random Add/Remove/Choose/Offered calls against each strategy, checked step by step
/// against <see cref="NaiveStrategy"/>, a linear-scan restatement of QUEUE-SPEC §3.
/// </summary>
public class StrategyPropertyTests
{
    public static IEnumerable<object[]> AllStrategies => Kinds;

    private const int Steps = 6_000;
    private const int Callers = 3;

    [Theory, MemberData(nameof(AllStrategies))]
    public void Matches_a_naive_reference_over_random_operations(StrategyKind kind)
    {
        var rng = new Random(20_240_601 + (int)kind);
        var real = StrategyFactory.Create(kind, seed: 11);
        var naive = new NaiveStrategy(kind, Callers);
        var cursors = Enumerable.Range(0, Callers).Select(_ => new CallerCursor()).ToArray();
        // A small key space (ids × kinds) and small value ranges force collisions and ties.
        var keys = Enumerable.Range(0, 14).SelectMany(i => new[] { AgentKey.Local(i), AgentKey.Remote(i) }).ToArray();
        var ringAllList = new List<EligibleAgent>();
        var nonNullChoices = 0;

        for (var step = 0; step < Steps; step++)
        {
            var op = rng.Next(100);
            if (op < 35)
            {
                var key = keys[rng.Next(keys.Length)];
                var agent = new EligibleAgent(key, rng.Next(-1, 4), rng.Next(5), rng.Next(20), rng.Next(6), rng.Next(12));
                if (naive.Contains(key))
                {
                    Assert.Throws<ArgumentException>(() => real.Add(agent));
                }
                else
                {
                    real.Add(agent);
                    naive.Add(agent);
                }
            }
            else if (op < 60)
            {
                if (naive.Agents.Count == 0)
                {
                    real.Remove(new EligibleAgent(keys[0], 0, 0, 0, 0, 0)); // absent: a no-op
                    continue;
                }
                var agent = naive.Agents[rng.Next(naive.Agents.Count)];
                real.Remove(agent with { }); // an equal copy, not the same instance
                naive.Remove(agent);
            }
            else
            {
                var callerIndex = rng.Next(Callers);
                var maxOpenLevel = rng.Next(10) == 0 ? int.MaxValue : rng.Next(-2, 5);
                var expected = naive.Choose(callerIndex, maxOpenLevel);
                var actual = real.Choose(cursors[callerIndex], maxOpenLevel);

                if (kind == StrategyKind.Random)
                {
                    // The draw itself is not reproducible by the reference; who may be drawn is.
                    Assert.Equal(expected is null, actual is null);
                    if (actual is not null) Assert.Contains(actual, naive.Candidates(maxOpenLevel));
                }
                else
                {
                    Assert.Equal(expected, actual);
                }

                if (kind == StrategyKind.RingAll)
                {
                    ringAllList.Clear();
                    real.ChooseAll(maxOpenLevel, ringAllList);
                    Assert.Equal(naive.All(maxOpenLevel), ringAllList);
                }

                if (actual is not null)
                {
                    nonNullChoices++;
                    if (rng.Next(3) > 0)
                    {
                        real.Offered(cursors[callerIndex], actual);
                        naive.Offered(callerIndex, actual);
                        if (rng.Next(2) == 0)
                        {
                            real.Remove(actual); // ringing: out of the index
                            naive.Remove(actual);
                        }
                    }
                }
            }

            Assert.Equal(naive.Agents.Count, real.Count);
            Assert.Equal(naive.LowestLevel, real.LowestEligibleLevel);
        }

        // The run must have exercised choosing, not just empty indexes.
        Assert.InRange(nonNullChoices, Steps / 5, Steps);
    }

    /// <summary>O(n) reference: scan the whole list on every call.</summary>
    private sealed class NaiveStrategy(StrategyKind kind, int callers)
    {
        private readonly MemberOrder?[] callerPointers = new MemberOrder?[callers];
        private MemberOrder? queuePointer;

        public List<EligibleAgent> Agents { get; } = [];

        public int? LowestLevel => Agents.Count == 0 ? null : Agents.Min(a => a.Level);

        public bool Contains(AgentKey key) => Agents.Any(a => a.Agent == key);

        public void Add(EligibleAgent agent) => Agents.Add(agent);

        public void Remove(EligibleAgent agent) => Assert.True(Agents.Remove(agent));

        /// <summary>The lowest level's agents in member order, if that level is open.</summary>
        public List<EligibleAgent> Candidates(int maxOpenLevel)
        {
            var lowest = LowestLevel;
            if (lowest is null || lowest > maxOpenLevel) return [];
            return Agents.Where(a => a.Level == lowest).OrderBy(a => a.Order).ToList();
        }

        public List<EligibleAgent> All(int maxOpenLevel) =>
            Agents.Where(a => a.Level <= maxOpenLevel).OrderBy(a => a.Order).ToList();

        public EligibleAgent? Choose(int caller, int maxOpenLevel)
        {
            var candidates = Candidates(maxOpenLevel);
            if (candidates.Count == 0) return null;
            return kind switch
            {
                StrategyKind.RingAll or StrategyKind.SequentiallyByAgentOrder or StrategyKind.Random => candidates[0],
                StrategyKind.LongestIdleAgent => candidates.OrderBy(a => a.IdleSinceTicks).ThenBy(a => a.Order).First(),
                StrategyKind.AgentWithLeastTalkTime => candidates.OrderBy(a => a.TalkSeconds).ThenBy(a => a.Order).First(),
                StrategyKind.AgentWithFewestCalls => candidates.OrderBy(a => a.AnsweredCalls).ThenBy(a => a.Order).First(),
                StrategyKind.RoundRobin => After(queuePointer, candidates),
                StrategyKind.TopDown => After(callerPointers[caller], candidates),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
        }

        public void Offered(int caller, EligibleAgent agent)
        {
            queuePointer = agent.Order;
            callerPointers[caller] = agent.Order;
        }

        private static EligibleAgent After(MemberOrder? pointer, List<EligibleAgent> level) =>
            pointer is { } p ? level.FirstOrDefault(a => a.Order.CompareTo(p) > 0) ?? level[0] : level[0];
    }
}
