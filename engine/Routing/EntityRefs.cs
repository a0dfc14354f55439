using Akka.Actor;

namespace QueueEngine.Routing;

/// <summary>
/// Lets an entity talk to another entity directly once it knows its actor, instead of sending every
/// message through the region (one mailbox run less per message). The first contact always goes
/// through the region by entity id (<see cref="Akka.Cluster.Sharding.IMessageExtractor"/>); the
/// answer's sender is then remembered, but only if it really is that entity: a child of the local
/// <see cref="EntityParent"/> region named by the entity id. Anything else (a shard region, a
/// test probe standing in for a region) is never cached, so it keeps being addressed through the
/// region. The caller watches a remembered actor and forgets it when it terminates, so a new
/// incarnation is again reached through the region.
/// </summary>
public static class EntityRefs
{
    /// <summary>Is <paramref name="candidate"/> the actor of entity <paramref name="entityId"/> under <paramref name="region"/>?</summary>
    public static bool IsEntityOf(IActorRef region, IActorRef? candidate, string entityId)
    {
        if (candidate is null || candidate.IsNobody()) return false;
        var path = candidate.Path;
        return path.Name == EntityParent.ChildName(entityId) && path.Parent.Equals(region.Path);
    }
}
