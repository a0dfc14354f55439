using QueueEngine.Domain;

namespace QueueEngine.Strategies;

// The three "smallest counter wins" strategies: the index is ordered by (level, counter,
// position, agent), so its first entry is the answer and Choose is the inherited default.

/// <summary>longest-idle-agent: the smallest idle-since tick (idle the longest) in the lowest eligible level.</summary>
public sealed class LongestIdleAgentStrategy() : IndexedStrategy(new SortedRunIndex(static a => a.IdleSinceTicks))
{
    public override StrategyKind Kind => StrategyKind.LongestIdleAgent;
}

/// <summary>agent-with-least-talk-time: the least queue talk time since login in the lowest eligible level.</summary>
public sealed class AgentWithLeastTalkTimeStrategy() : IndexedStrategy(new BucketIndex(static a => a.TalkSeconds))
{
    public override StrategyKind Kind => StrategyKind.AgentWithLeastTalkTime;

    /// <summary>The first entry if its level is open, the level read from the index rather than from the agent (a cache miss at 10,000 agents).</summary>
    public override EligibleAgent? Choose(CallerCursor caller, int maxOpenLevel)
    {
        var index = (BucketIndex)Index;
        return index.FirstLevel is { } level && level <= maxOpenLevel ? index.First : null;
    }
}

/// <summary>agent-with-fewest-calls: the fewest answered queue calls since login in the lowest eligible level.</summary>
public sealed class AgentWithFewestCallsStrategy() : IndexedStrategy(new SortedRunIndex(static a => a.AnsweredCalls))
{
    public override StrategyKind Kind => StrategyKind.AgentWithFewestCalls;
}

/// <summary>sequentially-by-agent-order: always the first eligible agent in (level, position, agent) order.</summary>
public sealed class SequentiallyByAgentOrderStrategy() : IndexedStrategy(new AgentIndex(static _ => 0))
{
    public override StrategyKind Kind => StrategyKind.SequentiallyByAgentOrder;
}
