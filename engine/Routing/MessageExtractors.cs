using Akka.Cluster.Sharding;
using QueueEngine.Agents;
using QueueEngine.Queues;

namespace QueueEngine.Routing;

// Queue and agent actors are addressed by entity id through these extractors, exactly as
// Akka.Cluster.Sharding addresses its entities, so a shard region can replace the local
// EntityParent without changing the actors or their messages.

public sealed class QueueMessageExtractor(int maxShards = 100) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWithQueueId q => QueueEntityId(q.QueueId),
        _ => null,
    };

    // HashCodeMessageExtractor already unwraps ShardingEnvelope and StartEntity.
    public override object EntityMessage(object message) => message;

    public static string QueueEntityId(long queueId) => queueId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class AgentMessageExtractor(int maxShards = 100) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWithAgentKey a => a.Agent.EntityId,
        _ => null,
    };

    // HashCodeMessageExtractor already unwraps ShardingEnvelope and StartEntity.
    public override object EntityMessage(object message) => message;
}
