using Akka.Actor;
using QueueEngine.Queues;

namespace QueueEngine.Hosting;

/// <summary>
/// The engine's entry points: the queue and agent regions (local entity parents today, shard
/// regions later), the gateway event router, and the gateway that receives commands.
/// </summary>
public sealed class EngineRefs
{
    public required IActorRef Queues { get; init; }
    public required IActorRef Agents { get; init; }
    public required IActorRef GatewayEvents { get; init; }
    public required IActorRef Gateway { get; init; }
    public required EngineOptions Options { get; init; }
}

/// <summary>
/// What an entity actor needs from the rest of the engine. The regions are created before any
/// entity, but each region's entities need the other region, so the refs are filled in once at
/// start-up, before the first message can create an entity.
/// </summary>
public sealed class EngineContext(EngineOptions options, ICallerStore callers)
{
    public EngineOptions Options { get; } = options;
    /// <summary>Where queues keep their waiting callers for recovery after a crash.</summary>
    public ICallerStore Callers { get; } = callers;
    public IActorRef Queues { get; internal set; } = ActorRefs.Nobody;
    public IActorRef Agents { get; internal set; } = ActorRefs.Nobody;
    public IActorRef GatewayEvents { get; internal set; } = ActorRefs.Nobody;
    public IActorRef Gateway { get; internal set; } = ActorRefs.Nobody;
}
