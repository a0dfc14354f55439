using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>
/// Base of the strategies that keep one index of eligible agents ordered by (level, key, position,
/// agent): because the level is the first sort field, the first entry of the index is always in the
/// lowest eligible level, so the default <see cref="Choose"/> is simply "the first entry, if its
/// level is open". longest-idle-agent and agent-with-fewest-calls use a <see cref="SortedRunIndex"/>
/// (their agents come back in order, at the end of a sorted run), agent-with-least-talk-time a
/// <see cref="BucketIndex"/> (its agents come back anywhere, but within a band of whole seconds),
/// the order-only strategies a sorted <see cref="AgentIndex"/> of chunks (which they walk).
/// </summary>
public abstract class IndexedStrategy : IAgentStrategy, IHasEligibleAgents
{
    private protected IndexedStrategy(IAgentIndex index) => Index = index;

    private protected IAgentIndex Index { get; }

    public abstract StrategyKind Kind { get; }

    public virtual bool RingsAll => false;

    public int Count => Index.Count;

    public int? LowestEligibleLevel => Index.First?.Level;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The agent is already eligible.</exception>
    public void Add(EligibleAgent agent) => Index.Add(agent);

    /// <inheritdoc/>
    /// <remarks>A no-op for an agent that is not eligible.</remarks>
    /// <exception cref="ArgumentException">The agent was added with other values.</exception>
    public void Remove(EligibleAgent agent) => Index.Remove(agent);

    public virtual EligibleAgent? Choose(CallerCursor caller, int maxOpenLevel)
    {
        var first = Index.First;
        return first is not null && first.Level <= maxOpenLevel ? first : null;
    }

    public virtual void Offered(CallerCursor caller, EligibleAgent agent) { }

    public virtual void ChooseAll(int maxOpenLevel, List<EligibleAgent> into) =>
        throw new NotSupportedException($"{Kind} offers one agent at a time; use Choose.");

    IEnumerable<EligibleAgent> IHasEligibleAgents.EligibleAgents => Index.Agents;
}

/// <summary>Lets <see cref="StrategyFactory.Switch"/> read the agents out of the strategy being replaced.</summary>
internal interface IHasEligibleAgents
{
    IEnumerable<EligibleAgent> EligibleAgents { get; }
}
