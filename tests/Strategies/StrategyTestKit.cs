using QueueEngine.Domain;
using QueueEngine.Strategies;

namespace QueueEngine.Tests.Strategies;

/// <summary>Short builders and a tiny queue simulation shared by the strategy tests.</summary>
internal static class Kit
{
    public static readonly StrategyKind[] AllKinds = Enum.GetValues<StrategyKind>();

    public static IEnumerable<object[]> Kinds => AllKinds.Select(k => new object[] { k });

    /// <summary>A local agent.</summary>
    public static EligibleAgent A(long id, int level = 1, int position = 0, long idle = 0, int calls = 0, long talk = 0) =>
        new(AgentKey.Local(id), level, position, idle, calls, talk);

    public static IAgentStrategy Make(StrategyKind kind, int seed, params EligibleAgent[] agents)
    {
        var s = StrategyFactory.Create(kind, seed);
        foreach (var a in agents) s.Add(a);
        return s;
    }

    public static long? Id(EligibleAgent? a) => a?.Agent.Id;

    /// <summary>
    /// What the queue does for one offer: choose, mark offered, take the agent out of the index
    /// while it rings. Returns the chosen agent (null if none).
    /// </summary>
    public static EligibleAgent? Offer(IAgentStrategy s, CallerCursor caller, int maxOpenLevel = int.MaxValue)
    {
        var chosen = s.Choose(caller, maxOpenLevel);
        if (chosen is null) return null;
        s.Offered(caller, chosen);
        s.Remove(chosen);
        return chosen;
    }

    /// <summary>An offer that fails at once: the agent is eligible again with the same values.</summary>
    public static long? OfferAndReturn(IAgentStrategy s, CallerCursor caller, int maxOpenLevel = int.MaxValue)
    {
        var chosen = Offer(s, caller, maxOpenLevel);
        if (chosen is not null) s.Add(chosen);
        return Id(chosen);
    }

    /// <summary>Ids of <paramref name="count"/> consecutive offers that each fail at once.</summary>
    public static long?[] Offers(IAgentStrategy s, CallerCursor caller, int count, int maxOpenLevel = int.MaxValue) =>
        Enumerable.Range(0, count).Select(_ => OfferAndReturn(s, caller, maxOpenLevel)).ToArray();
}
