using Akka.Cluster.Sharding;
using QueueEngine.Agents;
using QueueEngine.Queues;

namespace QueueEngine.Routing;

// Queue and agent actors are addressed by entity id through these extractors, exactly as
// Akka.Cluster.Sharding addresses its entities, so a shard region can replace the local
// EntityParent without changing the actors or their messages.

/// <summary>
/// An extractor that can also name a message's entity by a number, so the local
/// <see cref="EntityParent"/> finds the child without building the string id for every message. The
/// number must stand for the same entity as <see cref="IMessageExtractor.EntityId"/>.
/// </summary>
public interface INumericEntityId
{
    bool TryGetNumericId(object message, out long id);
}

public sealed class QueueMessageExtractor(int maxShards = 100) : HashCodeMessageExtractor(maxShards), INumericEntityId
{
    public override string? EntityId(object message) => message switch
    {
        IWithQueueId q => QueueEntityId(q.QueueId),
        _ => null,
    };

    // HashCodeMessageExtractor already unwraps ShardingEnvelope and StartEntity.
    public override object EntityMessage(object message) => message;

    public static string QueueEntityId(long queueId) => queueId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool TryGetNumericId(object message, out long id)
    {
        id = message is IWithQueueId q ? q.QueueId : 0;
        return message is IWithQueueId;
    }
}

public sealed class AgentMessageExtractor(int maxShards = 100) : HashCodeMessageExtractor(maxShards), INumericEntityId
{
    public override string? EntityId(object message) => message switch
    {
        IWithAgentKey a => a.Agent.EntityId,
        _ => null,
    };

    // HashCodeMessageExtractor already unwraps ShardingEnvelope and StartEntity.
    public override object EntityMessage(object message) => message;

    /// <summary>Id × 2 + kind; ids outside ±2^62 take the string path.</summary>
    public bool TryGetNumericId(object message, out long id)
    {
        id = 0;
        if (message is not IWithAgentKey a || a.Agent.Id > long.MaxValue / 4 || a.Agent.Id < long.MinValue / 4) return false;
        id = a.Agent.Id * 2 + (a.Agent.Kind == Domain.AgentKind.Local ? 0 : 1);
        return true;
    }
}
