using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>
/// One eligible member of a queue as the strategy sees it. The values are frozen while the
/// agent is eligible (they only change through calls, which make it ineligible), so the queue
/// removes exactly the instance it added and adds a fresh one when the agent is eligible again.
/// </summary>
/// <param name="Agent">The agent.</param>
/// <param name="Level">Its level in this queue (lower is tried first).</param>
/// <param name="Position">Its position in this queue (ties broken by position, then agent).</param>
/// <param name="IdleSinceTicks">Idle since the later of its last queue-call end and its last login (virtual-clock ticks).</param>
/// <param name="AnsweredCalls">Answered queue calls since its last login.</param>
/// <param name="TalkSeconds">Total queue talk time since its last login.</param>
public sealed record EligibleAgent(
    AgentKey Agent, int Level, int Position, long IdleSinceTicks, int AnsweredCalls, long TalkSeconds)
{
    public MemberOrder Order => new(Level, Position, Agent);
}

/// <summary>(level, position, agent): the order in which ties are broken everywhere.</summary>
public readonly record struct MemberOrder(int Level, int Position, AgentKey Agent) : IComparable<MemberOrder>
{
    public int CompareTo(MemberOrder other)
    {
        var c = Level.CompareTo(other.Level);
        if (c != 0) return c;
        c = Position.CompareTo(other.Position);
        return c != 0 ? c : Agent.CompareTo(other.Agent);
    }
}

/// <summary>
/// Per-caller memory that a strategy may keep (top-down continues after the agent this caller
/// last tried). Owned by the queue's caller record; only strategies touch it.
/// </summary>
public sealed class CallerCursor
{
    public MemberOrder? LastOffered { get; set; }
}

/// <summary>
/// A dispatch strategy of QUEUE-SPEC §3. One instance per queue; it keeps its own index of the
/// queue's currently eligible agents, so that choosing costs O(log n) (ring-all: O(agents rung)).
/// Plain C#, single-threaded: the queue actor is its only caller.
/// </summary>
public interface IAgentStrategy
{
    StrategyKind Kind { get; }

    /// <summary>True for ring-all: <see cref="ChooseAll"/> is used instead of <see cref="Choose"/>.</summary>
    bool RingsAll { get; }

    /// <summary>Number of eligible agents in the index.</summary>
    int Count { get; }

    /// <summary>The lowest level that has an eligible agent, or null when none is eligible.</summary>
    int? LowestEligibleLevel { get; }

    /// <summary>An agent became eligible.</summary>
    void Add(EligibleAgent agent);

    /// <summary>An agent stopped being eligible (the same value that was added).</summary>
    void Remove(EligibleAgent agent);

    /// <summary>
    /// The agent to offer <paramref name="caller"/> next, among eligible agents whose level is at
    /// most <paramref name="maxOpenLevel"/>, taking from the lowest such level that has one; null if
    /// none. Does not change the index: the queue removes the agent while it is being offered.
    /// </summary>
    EligibleAgent? Choose(CallerCursor caller, int maxOpenLevel);

    /// <summary>The queue offered <paramref name="agent"/> to <paramref name="caller"/>: move pointers.</summary>
    void Offered(CallerCursor caller, EligibleAgent agent);

    /// <summary>Ring-all: every eligible agent with level at most <paramref name="maxOpenLevel"/>, in (level, position, agent) order.</summary>
    void ChooseAll(int maxOpenLevel, List<EligibleAgent> into);
}
