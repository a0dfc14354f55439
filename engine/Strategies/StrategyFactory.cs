using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>Creates strategies and moves a queue's eligible agents into a new one when its strategy changes.</summary>
public static class StrategyFactory
{
    /// <summary>A new, empty strategy. <paramref name="seed"/> is used by random only.</summary>
    public static IAgentStrategy Create(StrategyKind kind, int seed) => kind switch
    {
        StrategyKind.RingAll => new RingAllStrategy(),
        StrategyKind.LongestIdleAgent => new LongestIdleAgentStrategy(),
        StrategyKind.RoundRobin => new RoundRobinStrategy(),
        StrategyKind.TopDown => new TopDownStrategy(),
        StrategyKind.AgentWithLeastTalkTime => new AgentWithLeastTalkTimeStrategy(),
        StrategyKind.AgentWithFewestCalls => new AgentWithFewestCallsStrategy(),
        StrategyKind.SequentiallyByAgentOrder => new SequentiallyByAgentOrderStrategy(),
        StrategyKind.Random => new RandomStrategy(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown strategy."),
    };

    /// <summary>
    /// Fills the empty strategy <paramref name="fresh"/> with <paramref name="eligible"/> and returns it.
    /// Agents are added in (level, position, agent) order so the result does not depend on the
    /// order of the input (which matters to random's reproducibility).
    /// </summary>
    public static IAgentStrategy Rebuild(IAgentStrategy fresh, IEnumerable<EligibleAgent> eligible)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        ArgumentNullException.ThrowIfNull(eligible);
        if (fresh.Count != 0)
            throw new ArgumentException("The strategy to rebuild must be empty.", nameof(fresh));
        foreach (var agent in eligible.OrderBy(static a => a.Order))
            fresh.Add(agent);
        return fresh;
    }

    /// <summary>
    /// A new strategy of <paramref name="kind"/> holding the eligible agents of
    /// <paramref name="current"/> (which must come from <see cref="Create"/>); pointers are not
    /// carried over. <paramref name="current"/> is left as it was.
    /// </summary>
    public static IAgentStrategy Switch(IAgentStrategy current, StrategyKind kind, int seed)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current is not IHasEligibleAgents source)
            throw new ArgumentException("Only strategies made by StrategyFactory can be switched; use Rebuild.", nameof(current));
        return Rebuild(Create(kind, seed), source.EligibleAgents);
    }
}
