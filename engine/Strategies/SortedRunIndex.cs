using System.Runtime.CompilerServices;
using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>
/// The eligible agents of one queue for the strategies whose agents come back in order:
/// longest-idle-agent and agent-with-fewest-calls, which only ever want the smallest
/// (level, key, position, agent). <see cref="First"/> is O(1); Add and Remove are O(1) for an
/// agent that comes back in order (see below) and O(log n) otherwise.
/// </summary>
/// <remarks>
/// Two parts, and the first agent is the smaller of their two firsts:
/// <list type="bullet">
/// <item>the <b>run</b>: a sorted ring buffer that only grows at its ends. An agent whose entry is
/// larger than the run's last is appended, one smaller than its first is prepended; a removed
/// entry leaves a hole that is skipped (holes at either end are trimmed at once, and the run is
/// compacted when holes outnumber agents). This is the usual case: an agent that finishes a call
/// is idle since now (the largest key of all, longest-idle-agent), and agents whose counts all
/// went up by one come back in position order (agent-with-fewest-calls); an agent back from a
/// failed offer keeps its old, smallest key and is prepended. The run is read and written at its
/// ends, in order, so it stays in the cache whatever the number of agents.</item>
/// <item>the <b>heap</b>: a 4-ary min-heap with the sort keys inline, for the entries that land in
/// the middle (as when a queue starts with agents idle since various times). Each heap entry's
/// agent has a slot in a flat array that records where its entry is, so any entry can be removed.</item>
/// </list>
/// An <see cref="AgentSlotMap"/> finds an agent's entry: a run index (≥ 0) or a heap slot (< 0, as ~slot).
/// A heap suits agent-with-least-talk-time less than <see cref="BucketIndex"/>: its agents come
/// back anywhere, and the walk down from the top that every removal of the first makes reads a
/// cold cache line per level at 10,000 agents.
/// </remarks>
internal sealed class SortedRunIndex : IAgentIndex
{
    private const int Arity = 4;

    private readonly Func<EligibleAgent, long> key;
    private readonly AgentSlotMap where = new();

    // The run: ring[(head + i) & (ring.Length - 1)] for i in [0, runLength); Value null = a hole.
    private RunEntry[] ring = new RunEntry[4];
    private int head;
    private int runLength;
    private int runCount;

    // The heap, and per heap slot the agent and its entry's position in the heap.
    private HeapEntry[] heap = new HeapEntry[4];
    private int heapCount;
    private Slot[] slots = new Slot[4];
    private int[] freeSlots = new int[4];
    private int freeCount;
    private int slotsUsed;

    public SortedRunIndex(Func<EligibleAgent, long> key) => this.key = key;

    public int Count => runCount + heapCount;

    public EligibleAgent? First
    {
        get
        {
            if (runCount == 0) return heapCount == 0 ? null : slots[heap[0].Slot].Value;
            ref var first = ref ring[head];
            return heapCount == 0 || first.Key.CompareTo(heap[0]) < 0 ? first.Value : slots[heap[0].Slot].Value;
        }
    }

    public IEnumerable<EligibleAgent> Agents
    {
        get
        {
            for (var i = 0; i < runLength; i++)
                if (ring[(head + i) & (ring.Length - 1)].Value is { } agent) yield return agent;
            for (var i = 0; i < heapCount; i++) yield return slots[heap[i].Slot].Value!;
        }
    }

    public void Add(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var entry = new HeapEntry(agent.Level, key(agent), agent.Position, agent.Agent, 0);
        var mask = ring.Length - 1;
        var append = runCount == 0 || entry.CompareTo(ring[(head + runLength - 1) & mask].Key) > 0;
        if (append || entry.CompareTo(ring[head].Key) < 0)
        {
            if (runLength == ring.Length)
            {
                GrowRing();
                mask = ring.Length - 1;
            }
            var at = append ? (head + runLength) & mask : (head - 1) & mask;
            if (!where.TryAdd(agent.Agent, at)) throw AlreadyEligible(agent);
            ring[at] = new RunEntry(entry, agent);
            if (!append) head = at;
            runLength++;
            runCount++;
            return;
        }

        var slot = freeCount > 0 ? freeSlots[freeCount - 1] : slotsUsed;
        if (!where.TryAdd(agent.Agent, ~slot)) throw AlreadyEligible(agent);
        if (freeCount > 0) freeCount--;
        else
        {
            if (slotsUsed == slots.Length) Array.Resize(ref slots, slotsUsed * 2);
            slotsUsed++;
        }
        slots[slot].Value = agent;
        if (heapCount == heap.Length) Array.Resize(ref heap, heapCount * 2);
        SiftUp(heapCount++, entry.WithSlot(slot));
    }

    /// <summary>Removes the agent; a no-op when it is not indexed.</summary>
    public void Remove(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!where.TryGetValue(agent.Agent, out var at)) return;
        var stored = at >= 0 ? ring[at].Value! : slots[~at].Value!;
        // A different value means the caller lost track of what it added: fail loudly rather
        // than leave an index the queue no longer understands.
        if (stored != agent)
            throw new ArgumentException($"Agent {agent.Agent} was added as {stored}, not {agent}.", nameof(agent));
        where.Remove(agent.Agent);
        if (at >= 0) RemoveFromRun(at);
        else RemoveFromHeap(~at);
    }

    private static ArgumentException AlreadyEligible(EligibleAgent agent) =>
        new($"Agent {agent.Agent} is already eligible.", nameof(agent));

    private void RemoveFromRun(int at)
    {
        ring[at] = default;
        runCount--;
        var mask = ring.Length - 1;
        // Keep both ends on an agent, so First and Add compare with live entries.
        while (runLength > 0 && ring[head].Value is null)
        {
            head = (head + 1) & mask;
            runLength--;
        }
        while (runLength > 0 && ring[(head + runLength - 1) & mask].Value is null) runLength--;
        if (runLength == 0) head = 0;
        else if (runLength > 2 * runCount + 16) Relayout(ring.Length);
    }

    private void GrowRing() => Relayout(ring.Length * 2);

    /// <summary>Copies the run's agents, without holes, to the start of a ring of <paramref name="capacity"/> and re-points the map. O(run).</summary>
    private void Relayout(int capacity)
    {
        var old = ring;
        var oldMask = old.Length - 1;
        ring = new RunEntry[capacity];
        var n = 0;
        for (var i = 0; i < runLength; i++)
        {
            ref var e = ref old[(head + i) & oldMask];
            if (e.Value is null) continue;
            ring[n] = e;
            where.Set(e.Value.Agent, n);
            n++;
        }
        head = 0;
        runLength = n;
    }

    private void RemoveFromHeap(int slot)
    {
        slots[slot].Value = null;
        if (freeCount == freeSlots.Length) Array.Resize(ref freeSlots, freeCount * 2);
        freeSlots[freeCount++] = slot;

        var at = slots[slot].HeapPosition;
        var last = heap[--heapCount];
        if (at == heapCount) return; // it was the last entry
        // The last entry fills the hole: it moves down, or up if it is smaller than the hole's parent.
        if (at > 0 && last.CompareTo(heap[(at - 1) / Arity]) < 0) SiftUp(at, last);
        else SiftDown(at, last);
    }

    /// <summary>Moves the hole at <paramref name="at"/> up while <paramref name="entry"/> is smaller than its parent, then fills it.</summary>
    private void SiftUp(int at, HeapEntry entry)
    {
        while (at > 0)
        {
            var parent = (at - 1) / Arity;
            if (entry.CompareTo(heap[parent]) >= 0) break;
            Place(at, heap[parent]);
            at = parent;
        }
        Place(at, entry);
    }

    /// <summary>Moves the hole at <paramref name="at"/> down while a child is smaller than <paramref name="entry"/>, then fills it.</summary>
    private void SiftDown(int at, HeapEntry entry)
    {
        while (true)
        {
            var first = at * Arity + 1;
            if (first >= heapCount) break;
            var end = Math.Min(first + Arity, heapCount);
            var smallest = first;
            for (var c = first + 1; c < end; c++)
                if (heap[c].CompareTo(heap[smallest]) < 0) smallest = c;
            if (heap[smallest].CompareTo(entry) >= 0) break;
            Place(at, heap[smallest]);
            at = smallest;
        }
        Place(at, entry);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Place(int at, in HeapEntry entry)
    {
        heap[at] = entry;
        slots[entry.Slot].HeapPosition = at;
    }

    private struct Slot
    {
        public EligibleAgent? Value;
        public int HeapPosition;
    }

    private readonly struct RunEntry(HeapEntry key, EligibleAgent value)
    {
        public readonly HeapEntry Key = key;
        public readonly EligibleAgent? Value = value;
    }

    /// <summary>The sort key inline (so comparing reads no agent) and, in the heap, the agent's slot. 32 bytes.</summary>
    private readonly struct HeapEntry(int level, long key, int position, AgentKey agent, int slot)
    {
        private readonly long key = key;
        private readonly long agentId = agent.Id;
        private readonly int level = level;
        private readonly int position = position;
        private readonly int agentKind = (int)agent.Kind;
        public readonly int Slot = slot;

        public HeapEntry WithSlot(int slot) => new(level, key, position, new AgentKey((AgentKind)agentKind, agentId), slot);

        /// <summary>(level, key, position, agent id, agent kind): <see cref="MemberOrder"/> with the key second.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int CompareTo(in HeapEntry other)
        {
            if (level != other.level) return level < other.level ? -1 : 1;
            if (key != other.key) return key < other.key ? -1 : 1;
            if (position != other.position) return position < other.position ? -1 : 1;
            if (agentId != other.agentId) return agentId < other.agentId ? -1 : 1;
            return agentKind.CompareTo(other.agentKind);
        }
    }
}
