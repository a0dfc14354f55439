using System.Numerics;
using System.Runtime.CompilerServices;
using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>
/// The eligible agents of one queue ordered by (level, key, position, agent) for a key that is a
/// small whole number whose values sit in a band (agent-with-least-talk-time: talk seconds, where
/// every call moves the least agent 60–300 s up, so all agents stay within a few thousand seconds
/// of each other). A bucket queue: per level, one bucket per key value in a ring indexed by
/// key &amp; mask, and a two-level bitmap of the non-empty buckets. <see cref="First"/> is O(1);
/// Add and Remove cost a map lookup, a binary search within one bucket and, when the least bucket
/// empties, a short bitmap scan, none of which grows with the number of agents.
/// </summary>
/// <remarks>
/// <para>A <see cref="AgentIndex"/> costs O(log n) and, at 10,000 agents, reads a chunk of the
/// middle of the index that is no longer in the cache; here an agent is put back into the bucket of
/// its key directly, and the buckets near the least key are the only ones read often.</para>
/// <para>Each level keeps its keys within [lo, lo + ring size): lo is its least key, and the ring
/// grows to twice the span (re-laying out the non-empty buckets) when a key falls outside. The ring
/// is 4 bytes and a bit per second, whatever the number of agents; a level whose keys span half of
/// <see cref="MaxRing"/> (2^17 s, 36 hours) or more would need more than 1 MB: the whole index then
/// moves into an <see cref="AgentIndex"/>, and comes back once that is empty. A bucket that holds more
/// than <see cref="LargeBucket"/> agents (everybody at 0 s after log-in) keeps them in an
/// <see cref="AgentIndex"/> of its own, so that inserting into it does not move thousands of entries.</para>
/// </remarks>
internal sealed class BucketIndex : IAgentIndex
{
    internal const int MinRing = 64;
    internal const int MaxRing = 1 << 18;
    internal const int LargeBucket = 256;

    private readonly Func<EligibleAgent, long> key;
    // Which agents are in the buckets (the value is unused): guards against double adds.
    private AgentSlotMap present = new();
    // The non-empty levels, ascending; emptied ones are kept for reuse (a queue that empties and
    // fills again allocates nothing).
    private Level[] levels = new Level[2];
    private int levelCount;
    private readonly Stack<Level> spareLevels = new();
    // Set while the keys span too many values for buckets; everything is then delegated to it.
    private AgentIndex? fallback;

    public BucketIndex(Func<EligibleAgent, long> key) => this.key = key;

    /// <summary>True while the index delegates to an <see cref="AgentIndex"/> (for tests).</summary>
    internal bool UsesFallback => fallback is not null;

    public int Count => fallback?.Count ?? present.Count;

    public EligibleAgent? First => fallback is not null ? fallback.First : levelCount == 0 ? null : levels[0].First;

    /// <summary>The level of <see cref="First"/>, read without touching the agent (at 10,000 agents it is not in the cache).</summary>
    public int? FirstLevel => fallback is not null ? fallback.First?.Level : levelCount == 0 ? null : levels[0].Number;

    public IEnumerable<EligibleAgent> Agents
    {
        get
        {
            if (fallback is not null) return fallback.Agents;
            return AgentsOfLevels();
        }
    }

    private IEnumerable<EligibleAgent> AgentsOfLevels()
    {
        for (var l = 0; l < levelCount; l++)
            foreach (var agent in levels[l].Agents)
                yield return agent;
    }

    public void Add(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (fallback is not null)
        {
            fallback.Add(agent);
            return;
        }
        if (!present.TryAdd(agent.Agent, 0))
            throw new ArgumentException($"Agent {agent.Agent} is already eligible.", nameof(agent));
        var k = key(agent);
        if (!LevelFor(agent.Level).TryAdd(k, agent)) MoveToFallback(agent);
    }

    /// <summary>Removes the agent; a no-op when it is not indexed.</summary>
    public void Remove(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (fallback is not null)
        {
            fallback.Remove(agent);
            if (fallback.Count == 0) fallback = null;
            return;
        }
        // The usual case, the agent just chosen: its entry is the first, and it is the very
        // instance stored there, so neither its values nor the map need reading first; the map
        // entry is found from the key stored in the entry, so that cache miss overlaps with the
        // caller's own first read of the agent instead of waiting for it.
        if (levelCount > 0 && levels[0].TryRemoveFirst(agent, out var first))
        {
            present.Remove(first);
            if (levels[0].Count == 0) DropLevel(0);
            return;
        }
        if (!present.TryGetValue(agent.Agent, out _)) return;
        var l = FindLevel(agent.Level);
        // Not where its own values put it means the caller lost track of what it added: fail
        // loudly rather than leave an index the queue no longer understands.
        if (l < 0 || !levels[l].TryRemove(key(agent), agent)) throw AgentIndex.AddedWithOtherValues(Agents, agent);
        present.Remove(agent.Agent);
        if (levels[l].Count == 0) DropLevel(l);
    }

    private int FindLevel(int level)
    {
        for (var l = 0; l < levelCount; l++)
        {
            if (levels[l].Number == level) return l;
            if (levels[l].Number > level) break;
        }
        return -1;
    }

    private Level LevelFor(int level)
    {
        var l = 0;
        while (l < levelCount && levels[l].Number < level) l++;
        if (l < levelCount && levels[l].Number == level) return levels[l];
        var created = spareLevels.Count > 0 ? spareLevels.Pop() : new Level();
        created.Number = level;
        if (levelCount == levels.Length) Array.Resize(ref levels, levelCount * 2);
        Array.Copy(levels, l, levels, l + 1, levelCount - l);
        levels[l] = created;
        levelCount++;
        return created;
    }

    private void DropLevel(int l)
    {
        spareLevels.Push(levels[l]);
        levelCount--;
        Array.Copy(levels, l + 1, levels, l, levelCount - l);
        levels[levelCount] = null!;
    }

    /// <summary>
    /// Moves every agent, and <paramref name="agent"/> (already in <see cref="present"/>, in no
    /// bucket), into an <see cref="AgentIndex"/>; the levels are dropped with their memory.
    /// </summary>
    private void MoveToFallback(EligibleAgent agent)
    {
        var index = new AgentIndex(key);
        foreach (var a in AgentsOfLevels()) index.Add(a);
        index.Add(agent);
        levels = new Level[2];
        levelCount = 0;
        spareLevels.Clear();
        present = new AgentSlotMap();
        fallback = index;
    }

    /// <summary>One bucket's entry: the order within the bucket inline (comparing reads no agent), 24 bytes.</summary>
    private readonly struct Entry(EligibleAgent value) : IComparable<Entry>
    {
        public readonly long AgentId = value.Agent.Id;
        public readonly int Position = value.Position;
        public readonly int AgentKind = (int)value.Agent.Kind;
        public readonly EligibleAgent Value = value;

        /// <summary>(position, agent id, agent kind): <see cref="MemberOrder"/> within one level and key.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int CompareTo(in Entry other)
        {
            if (Position != other.Position) return Position < other.Position ? -1 : 1;
            if (AgentId != other.AgentId) return AgentId < other.AgentId ? -1 : 1;
            return AgentKind.CompareTo(other.AgentKind);
        }

        int IComparable<Entry>.CompareTo(Entry other) => CompareTo(other);

        public bool SameAgent(in Entry other) => AgentId == other.AgentId && AgentKind == other.AgentKind;
    }

    /// <summary>
    /// The agents of one key: a run at Items[Start, Start + Count) with room at both ends, or, past
    /// <see cref="LargeBucket"/> agents, an <see cref="AgentIndex"/>. Items is null until the bucket is first used.
    /// </summary>
    /// <remarks>
    /// Only the least key's bucket needs its order (it is where <see cref="First"/> is read and the
    /// agents are taken from), so the others take new agents at the end, unsorted: an agent back
    /// from a call lands a minute or more above the least key, in a bucket that at 10,000 agents
    /// holds dozens, and appending there reads one cache line where a sorted insert read and moved
    /// a dozen. A bucket is sorted once, when its key becomes the least; from then on (and while
    /// it happens to be appended in order) inserts and removals keep the order, moving the shorter side.
    /// </remarks>
    private struct Bucket
    {
        public Entry[]? Items;
        public int Start;
        public int Count;
        public bool Sorted;
        public AgentIndex? Large;

        public readonly bool IsEmpty => Count == 0;

        public readonly EligibleAgent First => Large is not null ? Large.First! : Items![Start].Value;

        public readonly int LowerBound(in Entry e)
        {
            int lo = Start, hi = Start + Count;
            var items = Items!;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (items[mid].CompareTo(e) < 0) lo = mid + 1;
                else hi = mid;
            }
            return lo - Start;
        }
    }

    /// <summary>The agents of one level: the ring of buckets and its bitmap.</summary>
    private sealed class Level
    {
        public int Number;
        public int Count;

        // Per key slot, 1 + the number of its bucket in buckets, or 0 when no agent has that key.
        // The ring is 4 bytes a second (a span of a working day's talk seconds takes 256 KB); the
        // buckets are only as many as keys in use at once, and an emptied bucket keeps its array
        // for the next key, so a level that moves up through the seconds allocates nothing.
        private int[] ring = new int[MinRing];
        private Bucket[] buckets = new Bucket[4];
        private int bucketsUsed;
        private int[] freeBuckets = new int[4];
        private int freeCount;
        // One bit per non-empty bucket, and one summary bit per non-zero word of bits.
        private ulong[] bits = new ulong[MinRing / 64];
        private ulong[] summary = new ulong[1];
        // Every key is in [lo, hi] and hi - lo < ring.Length; lo is the least key, hi may be
        // above the largest (it is not lowered on removals, only when the ring seems too small).
        private long lo;
        private long hi;

        private int Mask => ring.Length - 1;

        public EligibleAgent First => buckets[ring[(int)lo & Mask] - 1].First;

        public IEnumerable<EligibleAgent> Agents
        {
            get
            {
                if (Count == 0) yield break;
                // By offset from lo: counting keys up to hi would overflow at long.MaxValue.
                var span = (int)((ulong)hi - (ulong)lo);
                for (var offset = 0; offset <= span; offset++)
                {
                    var id = ring[(int)(lo + offset) & Mask];
                    if (id == 0) continue;
                    var b = buckets[id - 1];
                    if (b.Large is not null)
                    {
                        foreach (var a in b.Large.Agents) yield return a;
                    }
                    else if (b.Sorted)
                    {
                        for (var i = 0; i < b.Count; i++) yield return b.Items![b.Start + i].Value;
                    }
                    else
                    {
                        var sorted = b.Items.AsSpan(b.Start, b.Count).ToArray();
                        Array.Sort(sorted);
                        foreach (var e in sorted) yield return e.Value;
                    }
                }
            }
        }

        /// <summary>Adds the agent with key <paramref name="k"/>; false (and no change) when the keys would span more than <see cref="MaxRing"/> values.</summary>
        public bool TryAdd(long k, EligibleAgent agent)
        {
            if (Count == 0)
            {
                lo = hi = k;
            }
            else if (k < lo || k > hi)
            {
                var newLo = Math.Min(lo, k);
                var newHi = Math.Max(hi, k);
                if ((ulong)newHi - (ulong)newLo >= (ulong)ring.Length)
                {
                    // hi may be stale: find the largest key before growing.
                    hi = LargestKey();
                    newHi = Math.Max(hi, k);
                    var span = (ulong)newHi - (ulong)newLo;
                    if (span >= (ulong)ring.Length)
                    {
                        if (span >= MaxRing / 2) return false;
                        Grow((int)BitOperations.RoundUpToPowerOf2((uint)span * 2));
                    }
                }
                lo = newLo;
                hi = newHi;
            }
            Insert((int)k & Mask, agent);
            Count++;
            return true;
        }

        /// <summary>Removes the agent, which has key <paramref name="k"/>; false (and no change) when it is not there with these values.</summary>
        public bool TryRemove(long k, EligibleAgent agent)
        {
            if (k < lo || k > hi) return false;
            var slot = (int)k & Mask;
            var id = ring[slot];
            if (id == 0) return false;
            ref var b = ref buckets[id - 1];
            if (b.Large is not null)
            {
                var before = b.Large.Count;
                b.Large.Remove(agent);
                if (b.Large.Count == before) return false;
                b.Count--;
                if (b.Count == 0) b.Large = null;
            }
            else
            {
                var probe = new Entry(agent);
                var i = b.Sorted ? b.LowerBound(probe) : IndexOf(in b, probe);
                if (i == b.Count || !b.Items![b.Start + i].SameAgent(probe) || b.Items[b.Start + i].Value != agent) return false;
                RemoveAt(ref b, i);
            }
            Count--;
            if (b.IsEmpty) Emptied(slot, id, k);
            return true;
        }

        /// <summary>Removes the first entry if it holds this very instance (not just equal values).</summary>
        public bool TryRemoveFirst(EligibleAgent agent, out AgentKey key)
        {
            var slot = (int)lo & Mask;
            var id = ring[slot];
            ref var b = ref buckets[id - 1];
            if (b.Large is not null || !ReferenceEquals(b.Items![b.Start].Value, agent))
            {
                key = default;
                return false;
            }
            ref readonly var e = ref b.Items[b.Start];
            key = new AgentKey((AgentKind)e.AgentKind, e.AgentId);
            RemoveAt(ref b, 0);
            Count--;
            if (b.IsEmpty) Emptied(slot, id, lo);
            return true;
        }

        /// <summary>
        /// The bucket of key <paramref name="k"/> (number id - 1, at slot) became empty: free it and,
        /// if it was the least key's, move lo to the next key and sort that bucket.
        /// </summary>
        private void Emptied(int slot, int id, long k)
        {
            ring[slot] = 0;
            if (freeCount == freeBuckets.Length) Array.Resize(ref freeBuckets, freeCount * 2);
            freeBuckets[freeCount++] = id - 1;
            ClearBit(slot);
            if (Count > 0 && k == lo)
            {
                lo = KeyOf(NextNonEmpty((slot + 1) & Mask));
                Sort(ref buckets[ring[(int)lo & Mask] - 1]);
            }
        }

        private static int IndexOf(in Bucket b, in Entry probe)
        {
            var items = b.Items!;
            for (var i = 0; i < b.Count; i++)
                if (items[b.Start + i].SameAgent(probe)) return i;
            return b.Count;
        }

        private static void Sort(ref Bucket b)
        {
            if (b.Sorted) return;
            if (b.Large is null) Array.Sort(b.Items!, b.Start, b.Count);
            b.Sorted = true;
        }

        private void Insert(int slot, EligibleAgent agent)
        {
            var id = ring[slot];
            if (id == 0)
            {
                if (freeCount > 0) id = freeBuckets[--freeCount];
                else
                {
                    if (bucketsUsed == buckets.Length) Array.Resize(ref buckets, bucketsUsed * 2);
                    id = bucketsUsed++;
                }
                ring[slot] = ++id;
                SetBit(slot);
                buckets[id - 1].Sorted = true;
            }
            ref var b = ref buckets[id - 1];
            if (b.Large is not null)
            {
                b.Large.Add(agent);
                b.Count++;
                return;
            }
            if (b.Count == LargeBucket)
            {
                // Inserting into a sorted array of this many would move too much: an index of its own.
                var large = new AgentIndex(static _ => 0);
                for (var j = 0; j < b.Count; j++) large.Add(b.Items![b.Start + j].Value);
                large.Add(agent);
                // Its array stays, cleared, for when the bucket is reused for another key.
                Array.Clear(b.Items!, b.Start, b.Count);
                b.Start = 0;
                b.Large = large;
                b.Count = LargeBucket + 1;
                return;
            }
            b.Items ??= new Entry[4];
            var e = new Entry(agent);
            var items = b.Items;
            int i;
            if (b.Sorted && (b.Count == 0 || items[b.Start + b.Count - 1].CompareTo(e) < 0))
            {
                i = b.Count; // after the last: still sorted
            }
            else if (b.Sorted && slot == ((int)lo & Mask))
            {
                i = b.LowerBound(e);
            }
            else
            {
                i = b.Count;
                b.Sorted = false;
            }
            var roomAtEnd = b.Start + b.Count < items.Length;
            if (i == b.Count && !roomAtEnd && b.Start > 0)
            {
                // Appending at the end of the array with room at its front (taken from): all to the front at once.
                Array.Copy(items, b.Start, items, 0, b.Count);
                Array.Clear(items, b.Count, b.Start);
                b.Start = 0;
                roomAtEnd = true;
            }
            if (b.Start > 0 && (!roomAtEnd || i < b.Count / 2))
            {
                // Move the entries before i one place to the front.
                Array.Copy(items, b.Start, items, b.Start - 1, i);
                b.Start--;
            }
            else if (roomAtEnd)
            {
                Array.Copy(items, b.Start + i, items, b.Start + i + 1, b.Count - i);
            }
            else
            {
                // Full: twice the room, the new entry already in place.
                var grown = new Entry[items.Length * 2];
                Array.Copy(items, b.Start, grown, 0, i);
                Array.Copy(items, b.Start + i, grown, i + 1, b.Count - i);
                b.Items = items = grown;
                b.Start = 0;
            }
            items[b.Start + i] = e;
            b.Count++;
        }

        private void RemoveAt(ref Bucket b, int i)
        {
            var items = b.Items!;
            if (i < b.Count / 2)
            {
                Array.Copy(items, b.Start, items, b.Start + 1, i);
                items[b.Start] = default;
                b.Start++;
            }
            else
            {
                Array.Copy(items, b.Start + i + 1, items, b.Start + i, b.Count - i - 1);
                items[b.Start + b.Count - 1] = default;
            }
            b.Count--;
            if (b.Count == 0) b.Start = 0;
        }

        /// <summary>The key of a slot: the one in [lo, lo + ring size) that maps to it.</summary>
        private long KeyOf(int slot) => lo + ((slot - (int)lo) & Mask);

        private long LargestKey()
        {
            // Walk the non-empty buckets from lo's up to the stale hi's, in ring order.
            var from = (int)lo & Mask;
            var span = (int)((ulong)hi - (ulong)lo);
            var largest = 0;
            for (var offset = 0; offset <= span;)
            {
                var next = (NextNonEmpty((from + offset) & Mask) - from) & Mask;
                if (next < offset || next > span) break; // went round, or past hi
                largest = next;
                offset = next + 1;
            }
            return lo + largest;
        }

        /// <summary>Doubles the ring (or more) and puts each non-empty bucket at its key's new slot.</summary>
        private void Grow(int size)
        {
            var oldRing = ring;
            var oldMask = Mask;
            ring = new int[size];
            bits = new ulong[size / 64];
            summary = new ulong[(bits.Length + 63) / 64];
            var span = (int)((ulong)hi - (ulong)lo);
            for (var offset = 0; offset <= span; offset++)
            {
                var k = (int)(lo + offset);
                var id = oldRing[k & oldMask];
                if (id == 0) continue;
                ring[k & Mask] = id;
                SetBit(k & Mask);
            }
        }

        /// <summary>The first non-empty slot at or after <paramref name="start"/>, going round; there must be one.</summary>
        private int NextNonEmpty(int start)
        {
            var found = NextSetBit(start);
            return found >= 0 ? found : NextSetBit(0);
        }

        private int NextSetBit(int start)
        {
            var w = start >> 6;
            var word = bits[w] & (ulong.MaxValue << (start & 63));
            if (word != 0) return (w << 6) + BitOperations.TrailingZeroCount(word);
            var nextWord = w + 1;
            if (nextWord >= bits.Length) return -1;
            var s = nextWord >> 6;
            var summaryWord = summary[s] & (ulong.MaxValue << (nextWord & 63));
            while (summaryWord == 0)
            {
                if (++s >= summary.Length) return -1;
                summaryWord = summary[s];
            }
            var wi = (s << 6) + BitOperations.TrailingZeroCount(summaryWord);
            return (wi << 6) + BitOperations.TrailingZeroCount(bits[wi]);
        }

        private void SetBit(int slot)
        {
            var w = slot >> 6;
            bits[w] |= 1UL << (slot & 63);
            summary[w >> 6] |= 1UL << (w & 63);
        }

        private void ClearBit(int slot)
        {
            var w = slot >> 6;
            bits[w] &= ~(1UL << (slot & 63));
            if (bits[w] == 0) summary[w >> 6] &= ~(1UL << (w & 63));
        }
    }
}
