using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>ring-all: every eligible agent of the open levels is rung at once.</summary>
public sealed class RingAllStrategy : IndexedStrategy
{
    private readonly AgentIndex ordered;

    public RingAllStrategy() : this(new AgentIndex(static _ => 0)) { }

    private RingAllStrategy(AgentIndex ordered) : base(ordered) => this.ordered = ordered;

    public override StrategyKind Kind => StrategyKind.RingAll;

    public override bool RingsAll => true;

    /// <summary>
    /// Appends (does not clear <paramref name="into"/>) every eligible agent with level at most
    /// <paramref name="maxOpenLevel"/> in (level, position, agent) order. O(agents returned + log n).
    /// </summary>
    public override void ChooseAll(int maxOpenLevel, List<EligibleAgent> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        ordered.AppendUpToLevel(maxOpenLevel, into);
    }
}
