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

/// <summary>
/// The entity actors one actor has learnt to address directly, by key (see <see cref="EntityRefs"/>):
/// <see cref="Get"/> gives the known actor or else the region; <see cref="Learn"/> remembers the
/// current sender if it is that entity and watches it; <see cref="Forget"/> drops a terminated one.
/// </summary>
public sealed class EntityRefCache<TKey>(IActorRef region, Func<TKey, string> entityId) where TKey : notnull
{
    private readonly Dictionary<TKey, IActorRef> _known = new();

    public IActorRef Get(TKey key) => _known.TryGetValue(key, out var known) ? known : region;

    /// <summary>Remembers <paramref name="sender"/> as <paramref name="key"/>'s actor if it is that entity; true if known afterwards.</summary>
    public bool Learn(TKey key, IActorRef sender, IActorContext context)
    {
        if (_known.ContainsKey(key)) return true;
        if (!EntityRefs.IsEntityOf(region, sender, entityId(key))) return false;
        _known[key] = sender;
        context.Watch(sender);
        return true;
    }

    /// <summary>Forgets a terminated actor; the key it was known by, if any.</summary>
    public bool Forget(IActorRef gone, out TKey key)
    {
        foreach (var (k, actor) in _known)
        {
            if (!actor.Equals(gone)) continue;
            _known.Remove(k);
            key = k;
            return true;
        }
        key = default!;
        return false;
    }
}
