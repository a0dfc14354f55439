using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>
/// Round-robin and top-down: continue after a remembered member, within the lowest eligible
/// level, wrapping to that level's first agent. They differ only in whose memory it is.
/// </summary>
public abstract class CursorStrategy : IndexedStrategy
{
    private readonly AgentIndex ordered;

    private protected CursorStrategy() : this(new AgentIndex(static _ => 0)) { }

    private CursorStrategy(AgentIndex ordered) : base(ordered) => this.ordered = ordered;

    /// <summary>
    /// In the lowest eligible level L (if open), the first agent strictly after
    /// <paramref name="pointer"/>; L's first agent when there is none after it, or when the
    /// pointer is unset or in another level.
    /// </summary>
    private protected EligibleAgent? NextAfter(MemberOrder? pointer, int maxOpenLevel)
    {
        var first = ordered.First;
        if (first is null || first.Level > maxOpenLevel) return null;
        if (pointer is { } p && p.Level == first.Level)
            return ordered.FirstAfter(p) ?? first;
        return first;
    }
}

/// <summary>round-robin: one pointer per queue (this instance), moved by every offer.</summary>
public sealed class RoundRobinStrategy : CursorStrategy
{
    public override StrategyKind Kind => StrategyKind.RoundRobin;

    /// <summary>The member last offered in this queue, or null before the first offer.</summary>
    public MemberOrder? Pointer { get; private set; }

    public override EligibleAgent? Choose(CallerCursor caller, int maxOpenLevel) => NextAfter(Pointer, maxOpenLevel);

    public override void Offered(CallerCursor caller, EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        Pointer = agent.Order;
    }
}

/// <summary>top-down: one pointer per caller (<see cref="CallerCursor.LastOffered"/>), starting at the top.</summary>
public sealed class TopDownStrategy : CursorStrategy
{
    public override StrategyKind Kind => StrategyKind.TopDown;

    public override EligibleAgent? Choose(CallerCursor caller, int maxOpenLevel)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return NextAfter(caller.LastOffered, maxOpenLevel);
    }

    public override void Offered(CallerCursor caller, EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agent);
        caller.LastOffered = agent.Order;
    }
}
