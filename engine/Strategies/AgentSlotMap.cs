using System.Runtime.CompilerServices;
using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>
/// AgentKey → int (where a strategy keeps the agent): open addressing with linear probing and
/// backward-shift deletion, at most half full. An entry is 16 bytes with the key inline, so a
/// lookup reads one cache line where a <see cref="Dictionary{TKey,TValue}"/> reads its bucket array
/// and then its entry array; in an index of thousands of agents that is the difference between
/// one and two cache misses per operation.
/// </summary>
/// <remarks>
/// The home of a key is (2 × id + kind) modulo a prime table size, as the BCL dictionary does:
/// agents with consecutive ids, which is how they are usually created and positioned, sit next to
/// each other, so a strategy that walks them in order (round-robin, top-down) reads the map in
/// order too; a prime size keeps ids that share a power-of-two stride apart.
/// </remarks>
internal sealed class AgentSlotMap
{
    private Entry[] entries = new Entry[7];
    private ulong fastModMultiplier = ulong.MaxValue / 7 + 1;

    public int Count { get; private set; }

    public bool TryGetValue(AgentKey agent, out int slot)
    {
        for (var i = Home(agent); ; i = Next(i))
        {
            ref var e = ref entries[i];
            if (e.KindPlusOne == 0) { slot = -1; return false; }
            if (e.Id == agent.Id && e.KindPlusOne == (int)agent.Kind + 1) { slot = e.Value; return true; }
        }
    }

    /// <summary>Changes the value of an agent that is in the map.</summary>
    public void Set(AgentKey agent, int slot)
    {
        for (var i = Home(agent); ; i = Next(i))
        {
            ref var e = ref entries[i];
            if (e.KindPlusOne == 0) throw new InvalidOperationException($"Agent {agent} is not in the map.");
            if (e.Id == agent.Id && e.KindPlusOne == (int)agent.Kind + 1)
            {
                e = new Entry(e.Id, e.KindPlusOne, slot);
                return;
            }
        }
    }

    /// <summary>Adds the agent; false (and no change) if it is already there.</summary>
    public bool TryAdd(AgentKey agent, int slot)
    {
        if ((Count + 1) * 2 > entries.Length) Grow();
        for (var i = Home(agent); ; i = Next(i))
        {
            ref var e = ref entries[i];
            if (e.KindPlusOne == 0)
            {
                e = new Entry(agent.Id, (int)agent.Kind + 1, slot);
                Count++;
                return true;
            }
            if (e.Id == agent.Id && e.KindPlusOne == (int)agent.Kind + 1) return false;
        }
    }

    public bool Remove(AgentKey agent)
    {
        var i = Home(agent);
        while (true)
        {
            ref var e = ref entries[i];
            if (e.KindPlusOne == 0) return false;
            if (e.Id == agent.Id && e.KindPlusOne == (int)agent.Kind + 1) break;
            i = Next(i);
        }
        // Backward-shift deletion: pull later entries of the run into the hole when their home
        // allows it, so no tombstones are left and lookups stay short.
        var size = entries.Length;
        var hole = i;
        for (var j = Next(hole); entries[j].KindPlusOne != 0; j = Next(j))
        {
            var home = HomeOf(entries[j].Id, entries[j].KindPlusOne - 1);
            // j may move to the hole if its home is not in the cyclic range (hole, j].
            var fromHome = j >= home ? j - home : j - home + size;
            var fromHole = j >= hole ? j - hole : j - hole + size;
            if (fromHome >= fromHole)
            {
                entries[hole] = entries[j];
                hole = j;
            }
        }
        entries[hole] = default;
        Count--;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Next(int i) => i + 1 == entries.Length ? 0 : i + 1;

    private int Home(AgentKey agent) => HomeOf(agent.Id, (int)agent.Kind);

    /// <summary>(2 × id + kind) mod the table size (Lemire's fast modulo on the low 32 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int HomeOf(long id, int kind)
    {
        var value = unchecked((uint)(id * 2 + kind));
        return unchecked((int)(((((fastModMultiplier * value) >> 32) + 1) * (uint)entries.Length) >> 32));
    }

    private void Grow()
    {
        var old = entries;
        var size = NextPrime(old.Length * 2 + 1);
        entries = new Entry[size];
        fastModMultiplier = ulong.MaxValue / (uint)size + 1;
        Count = 0;
        foreach (var e in old)
            if (e.KindPlusOne != 0)
                TryAdd(new AgentKey((AgentKind)(e.KindPlusOne - 1), e.Id), e.Value);
    }

    private static int NextPrime(int n)
    {
        for (var candidate = n | 1; ; candidate += 2)
        {
            var prime = true;
            for (var d = 3; d * d <= candidate; d += 2)
            {
                if (candidate % d != 0) continue;
                prime = false;
                break;
            }
            if (prime) return candidate;
        }
    }

    /// <summary>KindPlusOne is 0 in an empty entry.</summary>
    private readonly struct Entry(long id, int kindPlusOne, int value)
    {
        public readonly long Id = id;
        public readonly int KindPlusOne = kindPlusOne;
        public readonly int Value = value;
    }
}
