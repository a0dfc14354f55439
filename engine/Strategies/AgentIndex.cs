using System.Runtime.CompilerServices;
using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>What <see cref="IndexedStrategy"/> needs of an index of eligible agents.</summary>
internal interface IAgentIndex
{
    int Count { get; }

    /// <summary>The first agent in (level, key, position, agent) order, or null.</summary>
    EligibleAgent? First { get; }

    IEnumerable<EligibleAgent> Agents { get; }

    /// <exception cref="ArgumentException">The agent is already indexed.</exception>
    void Add(EligibleAgent agent);

    /// <summary>Removes the agent; a no-op when it is not indexed.</summary>
    /// <exception cref="ArgumentException">The agent was added with other values.</exception>
    void Remove(EligibleAgent agent);
}

/// <summary>
/// The eligible agents of one queue, ordered by (level, key, position, agent) where the key is a
/// strategy's number (idle-since ticks, talk seconds, answered calls; 0 for the order-only
/// strategies). <see cref="First"/> is O(1); Add, Remove and <see cref="FirstAfter"/> cost
/// O(log n) comparisons plus moving at most <see cref="ChunkSize"/> entries.
/// </summary>
/// <remarks>
/// The entries sit in sorted chunks of at most <see cref="ChunkSize"/> (a two-level B-tree): an
/// array of the chunks' first keys is searched first, then the chunk. The sort keys are stored
/// inline (no pointer to follow to compare), the chunks are contiguous arrays allocated once, and an
/// agent that leaves and comes back lands in the chunk it left, so a cycle at 10,000 agents touches
/// a few cache lines where a <c>SortedSet</c> of 7,000 nodes walked about 13 scattered ones and
/// allocated a node. A chunk that fills up is split in two; one that shrinks to a quarter is merged
/// with a neighbour, which keeps the table of chunks at n / 16 to n / 32 entries (moving that table on
/// a split or merge is the only cost that grows with n: amortised under one entry per operation at
/// 10,000 agents).
/// </remarks>
internal sealed class AgentIndex : IAgentIndex
{
    internal const int ChunkSize = 64;
    private const int MergeBelow = ChunkSize / 4;

    private readonly Func<EligibleAgent, long> key;
    // Guards against double adds and lets Remove check the exact entry Add inserted.
    private readonly Dictionary<AgentKey, EligibleAgent> byAgent = new();

    // The chunks in order, and each one's first key (kept in step) for the first-level search.
    private Chunk[] chunks = new Chunk[4];
    private IndexKey[] firstKeys = new IndexKey[4];
    private int chunkCount;
    private int lastChunk;

    public AgentIndex(Func<EligibleAgent, long> key)
    {
        this.key = key;
        // There is always at least one chunk (empty only when the index is), so an index that keeps
        // emptying and filling again, as a small queue's does, allocates nothing.
        InsertChunk(0, new Chunk(4));
    }

    public int Count => byAgent.Count;

    /// <summary>The first agent in index order (so in the lowest eligible level), or null.</summary>
    public EligibleAgent? First => chunks[0].Count == 0 ? null : chunks[0].Values[0];

    public IEnumerable<EligibleAgent> Agents => byAgent.Values;

    public void Add(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!byAgent.TryAdd(agent.Agent, agent))
            throw new ArgumentException($"Agent {agent.Agent} is already eligible.", nameof(agent));
        Insert(KeyOf(agent), agent);
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
        Delete(KeyOf(stored));
    }

    /// <summary>
    /// The first agent of the same level strictly after <paramref name="order"/>, or null.
    /// Only meaningful when the key is constant (the index is then in <see cref="MemberOrder"/> order).
    /// </summary>
    public EligibleAgent? FirstAfter(MemberOrder order)
    {
        var probe = new IndexKey(order.Level, 0, order.Position, order.Agent);
        var c = ChunkFor(probe);
        var chunk = chunks[c];
        var i = chunk.UpperBound(probe);
        if (i == chunk.Count)
        {
            if (c + 1 == chunkCount) return null;
            chunk = chunks[c + 1];
            i = 0;
        }
        return chunk.Keys[i].Level == order.Level ? chunk.Values[i] : null;
    }

    /// <summary>Appends every agent with level at most <paramref name="maxLevel"/>, in index order.</summary>
    public void AppendUpToLevel(int maxLevel, List<EligibleAgent> into)
    {
        for (var c = 0; c < chunkCount; c++)
        {
            var chunk = chunks[c];
            for (var i = 0; i < chunk.Count; i++)
            {
                if (chunk.Keys[i].Level > maxLevel) return;
                into.Add(chunk.Values[i]);
            }
        }
    }

    private IndexKey KeyOf(EligibleAgent agent) => new(agent.Level, key(agent), agent.Position, agent.Agent);

    /// <summary>The chunk that holds <paramref name="k"/> or would: the last one whose first key is at most k (else the first).</summary>
    private int ChunkFor(in IndexKey k)
    {
        // The chunk of the previous search first: a cycle removes an agent and adds it back, or
        // continues after it, in the same chunk; round-robin's pointer moves through the chunks in
        // order. Chunk c covers [its first key, chunk c + 1's first key); chunk 0 everything below.
        var c = lastChunk;
        if (c < chunkCount && (c == 0 || firstKeys[c].CompareTo(k) <= 0) &&
            (c + 1 == chunkCount || k.CompareTo(firstKeys[c + 1]) < 0))
            return c;
        int lo = 1, hi = chunkCount - 1; // chunk 0 takes everything below chunk 1's first key
        var found = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (firstKeys[mid].CompareTo(k) <= 0) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        lastChunk = found;
        return found;
    }

    private void Insert(in IndexKey k, EligibleAgent value)
    {
        var c = ChunkFor(k);
        var chunk = chunks[c];
        if (chunk.Count == ChunkSize)
        {
            // Split in two halves and insert into the half that covers k.
            var right = chunk.SplitOffUpperHalf();
            InsertChunk(c + 1, right);
            if (right.Keys[0].CompareTo(k) <= 0) { c++; chunk = right; }
        }
        var i = chunk.LowerBound(k);
        chunk.InsertAt(i, k, value);
        if (i == 0) firstKeys[c] = k;
    }

    private void Delete(in IndexKey k)
    {
        var c = ChunkFor(k);
        var chunk = chunks[c];
        var i = chunk.LowerBound(k);
        if (i == chunk.Count || chunk.Keys[i].CompareTo(k) != 0)
            throw new InvalidOperationException($"Agent {k.Agent} is missing from the index.");
        chunk.RemoveAt(i);
        if (chunk.Count == 0)
        {
            if (chunkCount > 1) RemoveChunk(c);
            return;
        }
        if (i == 0) firstKeys[c] = chunk.Keys[0];
        if (chunk.Count < MergeBelow)
        {
            // Merge into a neighbour when the two fit in half a chunk (so the result cannot split at once).
            if (c + 1 < chunkCount && chunk.Count + chunks[c + 1].Count <= ChunkSize / 2)
            {
                chunk.Append(chunks[c + 1]);
                RemoveChunk(c + 1);
            }
            else if (c > 0 && chunks[c - 1].Count + chunk.Count <= ChunkSize / 2)
            {
                chunks[c - 1].Append(chunk);
                RemoveChunk(c);
            }
        }
    }

    private void InsertChunk(int at, Chunk chunk)
    {
        if (chunkCount == chunks.Length)
        {
            Array.Resize(ref chunks, chunkCount * 2);
            Array.Resize(ref firstKeys, chunkCount * 2);
        }
        Array.Copy(chunks, at, chunks, at + 1, chunkCount - at);
        Array.Copy(firstKeys, at, firstKeys, at + 1, chunkCount - at);
        chunks[at] = chunk;
        firstKeys[at] = chunk.Count > 0 ? chunk.Keys[0] : default;
        chunkCount++;
    }

    private void RemoveChunk(int at)
    {
        chunkCount--;
        Array.Copy(chunks, at + 1, chunks, at, chunkCount - at);
        Array.Copy(firstKeys, at + 1, firstKeys, at, chunkCount - at);
        chunks[chunkCount] = null!;
    }

    /// <summary>A sorted run of at most <see cref="ChunkSize"/> entries: keys and agents in parallel arrays.</summary>
    private sealed class Chunk
    {
        public IndexKey[] Keys;
        public EligibleAgent[] Values;
        public int Count;

        /// <summary>A first chunk starts small (most queues are small) and grows up to <see cref="ChunkSize"/>.</summary>
        public Chunk(int capacity = ChunkSize)
        {
            Keys = new IndexKey[capacity];
            Values = new EligibleAgent[capacity];
        }

        private void EnsureCapacity(int count)
        {
            if (count <= Keys.Length) return;
            var capacity = Math.Min(ChunkSize, Math.Max(count, Keys.Length * 2));
            Array.Resize(ref Keys, capacity);
            Array.Resize(ref Values, capacity);
        }

        /// <summary>The first index whose key is at least <paramref name="k"/>.</summary>
        public int LowerBound(in IndexKey k)
        {
            int lo = 0, hi = Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (Keys[mid].CompareTo(k) < 0) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        /// <summary>The first index whose key is greater than <paramref name="k"/> once the strategy key is ignored.</summary>
        public int UpperBound(in IndexKey k)
        {
            int lo = 0, hi = Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (Keys[mid].CompareTo(k) <= 0) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        public void InsertAt(int i, in IndexKey k, EligibleAgent value)
        {
            EnsureCapacity(Count + 1);
            Array.Copy(Keys, i, Keys, i + 1, Count - i);
            Array.Copy(Values, i, Values, i + 1, Count - i);
            Keys[i] = k;
            Values[i] = value;
            Count++;
        }

        public void RemoveAt(int i)
        {
            Count--;
            Array.Copy(Keys, i + 1, Keys, i, Count - i);
            Array.Copy(Values, i + 1, Values, i, Count - i);
            Values[Count] = null!;
        }

        public Chunk SplitOffUpperHalf()
        {
            var right = new Chunk();
            var half = Count / 2;
            right.Count = Count - half;
            Array.Copy(Keys, half, right.Keys, 0, right.Count);
            Array.Copy(Values, half, right.Values, 0, right.Count);
            Array.Clear(Values, half, right.Count);
            Count = half;
            return right;
        }

        public void Append(Chunk next)
        {
            EnsureCapacity(Count + next.Count);
            Array.Copy(next.Keys, 0, Keys, Count, next.Count);
            Array.Copy(next.Values, 0, Values, Count, next.Count);
            Count += next.Count;
        }
    }
}

/// <summary>The sort key of an index entry: (level, strategy key, position, agent).</summary>
internal readonly struct IndexKey(int level, long key, int position, AgentKey agent)
{
    public readonly long Key = key;
    public readonly AgentKey Agent = agent;
    public readonly int Level = level;
    public readonly int Position = position;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CompareTo(in IndexKey other)
    {
        if (Level != other.Level) return Level < other.Level ? -1 : 1;
        if (Key != other.Key) return Key < other.Key ? -1 : 1;
        if (Position != other.Position) return Position < other.Position ? -1 : 1;
        return Agent.CompareTo(other.Agent);
    }
}
