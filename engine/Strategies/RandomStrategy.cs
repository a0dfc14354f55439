using QueueEngine.Domain;

namespace QueueEngine.Strategies;

/// <summary>
/// random: uniformly among the eligible agents of the lowest eligible level. Each level keeps its
/// agents in a list (swap-remove through a position map, O(1)), and the non-empty levels sit in a
/// sorted set, so Add/Remove/Choose are O(log levels). The generator is seeded and nothing depends
/// on hash order, so the same seed and the same calls give the same choices.
/// </summary>
public sealed class RandomStrategy : IAgentStrategy, IHasEligibleAgents
{
    private readonly Random random;
    private readonly Dictionary<int, List<EligibleAgent>> levels = new();
    private readonly SortedSet<int> nonEmptyLevels = new();
    // Each agent as added, and where it sits in its level's list.
    private readonly Dictionary<AgentKey, (EligibleAgent Value, int Slot)> placed = new();

    public RandomStrategy(int seed) => random = new Random(seed);

    public StrategyKind Kind => StrategyKind.Random;

    public bool RingsAll => false;

    public int Count => placed.Count;

    public int? LowestEligibleLevel => nonEmptyLevels.Count == 0 ? null : nonEmptyLevels.Min;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The agent is already eligible.</exception>
    public void Add(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (placed.ContainsKey(agent.Agent))
            throw new ArgumentException($"Agent {agent.Agent} is already eligible.", nameof(agent));
        if (!levels.TryGetValue(agent.Level, out var list))
        {
            list = new List<EligibleAgent>();
            levels.Add(agent.Level, list);
            nonEmptyLevels.Add(agent.Level);
        }
        placed.Add(agent.Agent, (agent, list.Count));
        list.Add(agent);
    }

    /// <inheritdoc/>
    /// <remarks>A no-op for an agent that is not eligible.</remarks>
    /// <exception cref="ArgumentException">The agent was added with other values.</exception>
    public void Remove(EligibleAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!placed.TryGetValue(agent.Agent, out var entry)) return;
        if (entry.Value != agent)
            throw new ArgumentException($"Agent {agent.Agent} was added as {entry.Value}, not {agent}.", nameof(agent));

        // Swap-remove: the level's last agent takes the freed slot.
        var list = levels[agent.Level];
        var last = list[^1];
        list[entry.Slot] = last;
        placed[last.Agent] = (last, entry.Slot);
        list.RemoveAt(list.Count - 1);
        placed.Remove(agent.Agent);
        if (list.Count == 0)
        {
            levels.Remove(agent.Level);
            nonEmptyLevels.Remove(agent.Level);
        }
    }

    public EligibleAgent? Choose(CallerCursor caller, int maxOpenLevel)
    {
        if (nonEmptyLevels.Count == 0) return null;
        var lowest = nonEmptyLevels.Min;
        if (lowest > maxOpenLevel) return null;
        var list = levels[lowest];
        return list[random.Next(list.Count)];
    }

    public void Offered(CallerCursor caller, EligibleAgent agent) { }

    public void ChooseAll(int maxOpenLevel, List<EligibleAgent> into) =>
        throw new NotSupportedException("random offers one agent at a time; use Choose.");

    IEnumerable<EligibleAgent> IHasEligibleAgents.EligibleAgents => levels.Values.SelectMany(static l => l);

}
