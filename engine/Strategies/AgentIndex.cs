using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>
/// The eligible agents of one queue, ordered by (level, key, position, agent) where the key is a
/// strategy's number (idle-since ticks, talk seconds, answered calls; 0 for the order-only
/// strategies). Add, Remove, <see cref="First"/> and <see cref="FirstAfter"/> cost O(log n).
/// </summary>
internal sealed class AgentIndex
{
    private readonly Func<EligibleAgent, long> key;
    private readonly SortedSet<IndexEntry> ordered = new(IndexEntryComparer.Instance);
    // Guards against double adds and lets Remove rebuild the exact entry Add inserted.
    private readonly Dictionary<AgentKey, EligibleAgent> byAgent = new();

    public AgentIndex(Func<EligibleAgent, long> key) => this.key = key;

    public int Count => byAgent.Count;

    /// <summary>The first agent in index order (so in the lowest eligible level), or null.</summary>
    public EligibleAgent? First => ordered.Count == 0 ? null : ordered.Min.Value;

    public IEnumerable<EligibleAgent> Agents => byAgent.Values;

    public void Add(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!byAgent.TryAdd(agent.Agent, agent))
            throw new ArgumentException($"Agent {agent.Agent} is already eligible.", nameof(agent));
        ordered.Add(Entry(agent));
    }

    /// <summary>Removes the agent; a no-op when it is not indexed.</summary>
    public void Remove(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!byAgent.TryGetValue(agent.Agent, out var stored)) return;
        // A different value means the caller lost track of what it added: fail loudly rather
        // than leave an index the queue no longer understands.
        if (stored != agent)
            throw new ArgumentException($"Agent {agent.Agent} was added as {stored}, not {agent}.", nameof(agent));
        byAgent.Remove(agent.Agent);
        ordered.Remove(Entry(stored));
    }

    /// <summary>
    /// The first agent of the same level strictly after <paramref name="order"/>, or null.
    /// Only meaningful when the key is constant (the index is then in <see cref="MemberOrder"/> order).
    /// </summary>
    public EligibleAgent? FirstAfter(MemberOrder order)
    {
        if (ordered.Count == 0) return null;
        var after = new IndexEntry(order.Level, 0, order.Position, order.Agent, IndexEntry.After, null);
        var endOfLevel = IndexEntry.EndOfLevel(order.Level);
        // Min of a view is O(log n) (it does not count the view); an empty view yields default.
        return ordered.GetViewBetween(after, endOfLevel).Min.Value;
    }

    /// <summary>Appends every agent with level at most <paramref name="maxLevel"/>, in index order.</summary>
    public void AppendUpToLevel(int maxLevel, List<EligibleAgent> into)
    {
        // The struct enumerator starts in O(log n) and stops at the first agent above the cut.
        foreach (var entry in ordered)
        {
            if (entry.Level > maxLevel) break;
            into.Add(entry.Value!);
        }
    }

    private IndexEntry Entry(EligibleAgent agent) =>
        new(agent.Level, key(agent), agent.Position, agent.Agent, IndexEntry.Exact, agent);
}

/// <summary>
/// A sort key plus the agent it stands for. <see cref="Bias"/> lets a probe sort just after every
/// real entry with the same fields, so a range can start strictly after a given member.
/// </summary>
internal readonly struct IndexEntry(int level, long key, int position, AgentKey agent, int bias, EligibleAgent? value)
{
    public const int Exact = 0, After = 1;

    public int Level { get; } = level;
    public long Key { get; } = key;
    public int Position { get; } = position;
    public AgentKey Agent { get; } = agent;
    public int Bias { get; } = bias;
    /// <summary>The agent; null only for probes and for the default of an empty view.</summary>
    public EligibleAgent? Value { get; } = value;

    public static IndexEntry EndOfLevel(int level) =>
        new(level, long.MaxValue, int.MaxValue, new AgentKey((AgentKind)int.MaxValue, long.MaxValue), After, null);
}

internal sealed class IndexEntryComparer : IComparer<IndexEntry>
{
    public static readonly IndexEntryComparer Instance = new();

    public int Compare(IndexEntry x, IndexEntry y)
    {
        var c = x.Level.CompareTo(y.Level);
        if (c != 0) return c;
        c = x.Key.CompareTo(y.Key);
        if (c != 0) return c;
        c = x.Position.CompareTo(y.Position);
        if (c != 0) return c;
        c = x.Agent.CompareTo(y.Agent);
        return c != 0 ? c : x.Bias.CompareTo(y.Bias);
    }
}
