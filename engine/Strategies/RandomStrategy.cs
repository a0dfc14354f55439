using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>
/// random: uniformly among the eligible agents of the lowest eligible level. Each level keeps its
/// agents in an array (swap-remove: the level's last agent takes the freed place, O(1)); an
/// <see cref="AgentSlotMap"/> gives each agent's place, and the non-empty levels sit in a small
/// array sorted by level, so Add/Remove/Choose are O(levels). The generator is seeded and
/// nothing depends on hash order, so the same seed and the same calls give the same choices (the
/// same as with the earlier list-and-dictionary version: the arrays hold the agents in the same
/// order and the draw is the same).
/// </summary>
public sealed class RandomStrategy : IAgentStrategy, IHasEligibleAgents
{
    private readonly Random random;
    // Non-empty levels, lowest first.
    private LevelAgents[] levels = new LevelAgents[2];
    private int levelCount;
    // Each agent's place in its level's array.
    private readonly AgentSlotMap placed = new();

    public RandomStrategy(int seed) => random = new Random(seed);

    public StrategyKind Kind => StrategyKind.Random;

    public bool RingsAll => false;

    public int Count => placed.Count;

    public int? LowestEligibleLevel => levelCount == 0 ? null : levels[0].Level;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The agent is already eligible.</exception>
    public void Add(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var at = FindLevel(agent.Level);
        var list = at >= 0 ? levels[at] : null;
        if (!placed.TryAdd(agent.Agent, list?.Count ?? 0))
            throw new ArgumentException($"Agent {agent.Agent} is already eligible.", nameof(agent));
        list ??= InsertLevel(~at, agent.Level);
        list.Append(agent);
    }

    /// <inheritdoc/>
    /// <remarks>A no-op for an agent that is not eligible.</remarks>
    /// <exception cref="ArgumentException">The agent was added with other values.</exception>
    public void Remove(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!placed.TryGetValue(agent.Agent, out var slot)) return;
        var at = FindLevel(agent.Level);
        var stored = at >= 0 && slot < levels[at].Count ? levels[at].Agents[slot] : null;
        if (stored is null || stored != agent)
        {
            // Added with other values (perhaps another level): name what was added, then fail.
            throw AgentIndex.AddedWithOtherValues(((IHasEligibleAgents)this).EligibleAgents, agent);
        }

        // Swap-remove: the level's last agent takes the freed slot.
        var list = levels[at];
        var last = list.RemoveAt(slot);
        if (last is not null) placed.Set(last.Agent, slot);
        placed.Remove(agent.Agent);
        if (list.Count == 0) RemoveLevel(at);
    }

    public EligibleAgent? Choose(CallerCursor caller, int maxOpenLevel)
    {
        if (levelCount == 0) return null;
        var lowest = levels[0];
        if (lowest.Level > maxOpenLevel) return null;
        return lowest.Agents[random.Next(lowest.Count)];
    }

    public void Offered(CallerCursor caller, EligibleAgent agent) { }

    public void ChooseAll(int maxOpenLevel, List<EligibleAgent> into) =>
        throw new NotSupportedException("random offers one agent at a time; use Choose.");

    IEnumerable<EligibleAgent> IHasEligibleAgents.EligibleAgents =>
        levels.Take(levelCount).SelectMany(static l => l.Agents.Take(l.Count));

    /// <summary>The index of <paramref name="level"/> in <see cref="levels"/>, or ~(where it would go).</summary>
    private int FindLevel(int level)
    {
        for (var i = 0; i < levelCount; i++)
        {
            var l = levels[i].Level;
            if (l == level) return i;
            if (l > level) return ~i;
        }
        return ~levelCount;
    }

    private LevelAgents InsertLevel(int at, int level)
    {
        if (levelCount == levels.Length) Array.Resize(ref levels, levelCount * 2);
        Array.Copy(levels, at, levels, at + 1, levelCount - at);
        levelCount++;
        return levels[at] = new LevelAgents(level);
    }

    private void RemoveLevel(int at)
    {
        levelCount--;
        Array.Copy(levels, at + 1, levels, at, levelCount - at);
        levels[levelCount] = null!;
    }

    /// <summary>The agents of one level, in the order that the draws index.</summary>
    private sealed class LevelAgents(int level)
    {
        public readonly int Level = level;
        public EligibleAgent[] Agents = new EligibleAgent[4];
        public int Count;

        public void Append(EligibleAgent agent)
        {
            if (Count == Agents.Length) Array.Resize(ref Agents, Count * 2);
            Agents[Count++] = agent;
        }

        /// <summary>Swap-remove; returns the agent moved into <paramref name="slot"/>, or null if it was the last.</summary>
        public EligibleAgent? RemoveAt(int slot)
        {
            var last = Agents[--Count];
            Agents[Count] = null!;
            if (slot == Count) return null;
            Agents[slot] = last;
            return last;
        }
    }
}
