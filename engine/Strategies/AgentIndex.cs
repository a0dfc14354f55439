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
/// strategy's number (0 for the order-only strategies; talk seconds where a <see cref="BucketIndex"/>
/// falls back). <see cref="First"/> is O(1); Add, Remove and <see cref="FirstAfter"/> cost
/// O(log n) comparisons plus moving at most half a chunk of entries.
/// </summary>
/// <remarks>
/// The entries sit in sorted chunks of at most <see cref="ChunkSize"/> (a two-level B-tree): an
/// array of the chunks' first keys is searched first, then the chunk. The sort keys are stored
/// inline (no pointer to follow to compare), the chunks are contiguous arrays that are reused, and
/// each chunk keeps a gap at its front so that an insert or a removal moves the shorter side
/// (taking the first agent moves nothing). The search starts with the chunk of the previous one
/// and then the first chunk: an agent taken and put back, or round-robin's next agent, is almost
/// always there, so a cycle at 10,000 agents touches a few cache lines, in order, where a
/// <c>SortedSet</c> of 7,000 nodes walked about 13 scattered ones and allocated a node. A chunk
/// that fills up is split in two; one that drops below a quarter is merged with a neighbour when
/// the two fit in half a chunk. Moving the table of chunks (a few hundred at 10,000 agents) on a
/// split or merge is the only cost that grows with n, amortised over the 16 or more operations
/// between two of them.
/// </remarks>
internal sealed class AgentIndex : IAgentIndex
{
    internal const int ChunkSize = 64;
    private const int MergeBelow = ChunkSize / 4;

    private readonly Func<EligibleAgent, long> key;
    // Which agents are in the index (the value is unused): guards against double adds.
    private readonly AgentSlotMap present = new();

    // The chunks in order, and each one's first key (kept in step) for the first-level search.
    private Chunk[] chunks = new Chunk[4];
    private IndexKey[] firstKeys = new IndexKey[4];
    private int chunkCount;
    private int lastChunk;
    // Chunks that were emptied or merged away, reused by the next splits: an index whose agents
    // move through it (least talk time in fallback: taken at the front, back in the middle) splits and drops
    // chunks all the time, and ring-all takes every agent out and puts them back for each call;
    // both would otherwise allocate a chunk for every 32 agents or so. Like a list's capacity, the
    // spares never exceed the most chunks the index has had.
    private Chunk?[] spares = new Chunk?[4];
    private int spareCount;

    public AgentIndex(Func<EligibleAgent, long> key)
    {
        this.key = key;
        // There is always at least one chunk (empty only when the index is), so an index that keeps
        // emptying and filling again, as a small queue's does, allocates nothing.
        InsertChunk(0, new Chunk(4));
    }

    public int Count => present.Count;

    /// <summary>The first agent in index order (so in the lowest eligible level), or null.</summary>
    public EligibleAgent? First => chunks[0].Count == 0 ? null : chunks[0].Value(0);

    public IEnumerable<EligibleAgent> Agents
    {
        get
        {
            for (var c = 0; c < chunkCount; c++)
                for (var i = 0; i < chunks[c].Count; i++)
                    yield return chunks[c].Value(i);
        }
    }

    public void Add(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!present.TryAdd(agent.Agent, 0))
            throw new ArgumentException($"Agent {agent.Agent} is already eligible.", nameof(agent));
        Insert(KeyOf(agent), agent);
    }

    /// <summary>Removes the agent; a no-op when it is not indexed.</summary>
    public void Remove(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!present.TryGetValue(agent.Agent, out _)) return;
        // Its entry is where its own values put it. Not there, or another value there, means the
        // caller lost track of what it added: fail loudly rather than leave an index the queue no
        // longer understands.
        var k = KeyOf(agent);
        var c = ChunkFor(k);
        var chunk = chunks[c];
        var i = chunk.LowerBound(k);
        if (i == chunk.Count || chunk.Key(i).CompareTo(k) != 0 || chunk.Value(i) != agent)
        {
            throw AddedWithOtherValues(Agents, agent);
        }
        present.Remove(agent.Agent);
        Delete(c, i);
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
        return chunk.Key(i).Level == order.Level ? chunk.Value(i) : null;
    }

    /// <summary>Appends every agent with level at most <paramref name="maxLevel"/>, in index order.</summary>
    public void AppendUpToLevel(int maxLevel, List<EligibleAgent> into)
    {
        for (var c = 0; c < chunkCount; c++)
        {
            var chunk = chunks[c];
            for (var i = 0; i < chunk.Count; i++)
            {
                if (chunk.Key(i).Level > maxLevel) return;
                into.Add(chunk.Value(i));
            }
        }
    }

    /// <summary>
    /// The error for removing an agent that was added with other values; finds those in
    /// <paramref name="agents"/> (O(n), on this path only; a method of its own so that its lambda's
    /// closure is not allocated on every call of the caller).
    /// </summary>
    internal static ArgumentException AddedWithOtherValues(IEnumerable<EligibleAgent> agents, EligibleAgent agent)
    {
        var stored = agents.First(a => a.Agent == agent.Agent);
        return new ArgumentException($"Agent {agent.Agent} was added as {stored}, not {agent}.", nameof(agent));
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
        // Then the first chunk, where the chosen agent (the first) is taken from.
        if (chunkCount == 1 || k.CompareTo(firstKeys[1]) < 0) return 0;
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
            var right = chunk.SplitOffUpperHalf(spareCount > 0 ? spares[--spareCount]! : new Chunk());
            spares[spareCount] = null;
            InsertChunk(c + 1, right);
            if (right.Key(0).CompareTo(k) <= 0) { c++; chunk = right; }
        }
        var i = chunk.LowerBound(k);
        chunk.InsertAt(i, k, value);
        if (i == 0) firstKeys[c] = k;
    }

    private void Delete(int c, int i)
    {
        var chunk = chunks[c];
        chunk.RemoveAt(i);
        if (chunk.Count == 0)
        {
            if (chunkCount > 1) RemoveChunk(c);
            return;
        }
        if (i == 0) firstKeys[c] = chunk.Key(0);
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
        firstKeys[at] = chunk.Count > 0 ? chunk.Key(0) : default;
        chunkCount++;
    }

    private void RemoveChunk(int at)
    {
        chunks[at].Reset();
        if (chunks[at].Capacity == ChunkSize)
        {
            if (spareCount == spares.Length) Array.Resize(ref spares, spareCount * 2);
            spares[spareCount++] = chunks[at];
        }
        chunkCount--;
        Array.Copy(chunks, at + 1, chunks, at, chunkCount - at);
        Array.Copy(firstKeys, at + 1, firstKeys, at, chunkCount - at);
        chunks[chunkCount] = null!;
    }

    /// <summary>
    /// A sorted run of at most <see cref="ChunkSize"/> entries, keys and agents in parallel arrays
    /// at [Start, Start + Count): an insert or removal moves the shorter side, so taking the first
    /// entry (what the counter strategies and sequential do) moves nothing.
    /// </summary>
    private sealed class Chunk
    {
        private IndexKey[] keys;
        private EligibleAgent[] values;
        private int start;
        public int Count;

        /// <summary>A first chunk starts small (most queues are small) and grows up to <see cref="ChunkSize"/>.</summary>
        public Chunk(int capacity = ChunkSize)
        {
            keys = new IndexKey[capacity];
            values = new EligibleAgent[capacity];
        }

        public ref readonly IndexKey Key(int i) => ref keys[start + i];

        public EligibleAgent Value(int i) => values[start + i];

        /// <summary>The first index whose key is at least <paramref name="k"/>.</summary>
        public int LowerBound(in IndexKey k)
        {
            int lo = start, hi = start + Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (keys[mid].CompareTo(k) < 0) lo = mid + 1;
                else hi = mid;
            }
            return lo - start;
        }

        /// <summary>The first index whose key is greater than <paramref name="k"/>.</summary>
        public int UpperBound(in IndexKey k)
        {
            int lo = start, hi = start + Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (keys[mid].CompareTo(k) <= 0) lo = mid + 1;
                else hi = mid;
            }
            return lo - start;
        }

        /// <summary>Inserts at index <paramref name="i"/>; the chunk must not be full (<see cref="ChunkSize"/>).</summary>
        public void InsertAt(int i, in IndexKey k, EligibleAgent value)
        {
            if (Count == keys.Length) Grow();
            var roomAtEnd = start + Count < keys.Length;
            if (start > 0 && (!roomAtEnd || i < Count / 2))
            {
                // Move the entries before i one place to the front.
                Array.Copy(keys, start, keys, start - 1, i);
                Array.Copy(values, start, values, start - 1, i);
                start--;
            }
            else
            {
                Array.Copy(keys, start + i, keys, start + i + 1, Count - i);
                Array.Copy(values, start + i, values, start + i + 1, Count - i);
            }
            keys[start + i] = k;
            values[start + i] = value;
            Count++;
        }

        public void RemoveAt(int i)
        {
            if (i < Count / 2)
            {
                // Move the entries before i one place to the back.
                Array.Copy(keys, start, keys, start + 1, i);
                Array.Copy(values, start, values, start + 1, i);
                values[start] = null!;
                start++;
            }
            else
            {
                Array.Copy(keys, start + i + 1, keys, start + i, Count - i - 1);
                Array.Copy(values, start + i + 1, values, start + i, Count - i - 1);
                values[start + Count - 1] = null!;
            }
            Count--;
            if (Count == 0) start = 0;
        }

        public int Capacity => keys.Length;

        /// <summary>Empties the chunk (after it was merged into another) so it can be reused.</summary>
        public void Reset()
        {
            Array.Clear(values, start, Count);
            start = 0;
            Count = 0;
        }

        /// <summary>Moves the upper half into <paramref name="right"/>, an empty chunk of <see cref="ChunkSize"/>.</summary>
        public Chunk SplitOffUpperHalf(Chunk right)
        {
            var half = Count / 2;
            right.Count = Count - half;
            Array.Copy(keys, start + half, right.keys, 0, right.Count);
            Array.Copy(values, start + half, right.values, 0, right.Count);
            Array.Clear(values, start + half, right.Count);
            Count = half;
            return right;
        }

        /// <summary>Appends the entries of <paramref name="next"/> (together at most half a chunk).</summary>
        public void Append(Chunk next)
        {
            if (start + Count + next.Count > keys.Length) Compact(Math.Max(keys.Length, Math.Min(ChunkSize, Count + next.Count)));
            Array.Copy(next.keys, next.start, keys, start + Count, next.Count);
            Array.Copy(next.values, next.start, values, start + Count, next.Count);
            Count += next.Count;
        }

        /// <summary>A small first chunk doubles, up to <see cref="ChunkSize"/>.</summary>
        private void Grow() => Compact(Math.Min(ChunkSize, keys.Length * 2));

        /// <summary>Moves the entries to the start of arrays of <paramref name="capacity"/>.</summary>
        private void Compact(int capacity)
        {
            var newKeys = capacity == keys.Length ? keys : new IndexKey[capacity];
            var newValues = capacity == values.Length ? values : new EligibleAgent[capacity];
            Array.Copy(keys, start, newKeys, 0, Count);
            Array.Copy(values, start, newValues, 0, Count);
            if (newValues == values) Array.Clear(values, Count, values.Length - Count);
            keys = newKeys;
            values = newValues;
            start = 0;
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
