using Akka.Actor;
using Akka.Hosting;
using QueueEngine.Agents;
using QueueEngine.Domain;
using QueueEngine.Gateway;
using QueueEngine.Queues;
using QueueEngine.Routing;

namespace QueueEngine.Hosting;

/// <summary>Registry keys for Akka.Hosting's ActorRegistry.</summary>
public sealed class QueueRegion;
public sealed class AgentRegion;
public sealed class GatewayEventsRouter;
public sealed class GatewayCommands;

/// <summary>Starts the engine's actors in an ActorSystem.</summary>
public static class QueueEngineSystem
{
    /// <summary>
    /// Creates the queue and agent regions and the gateway event router. <paramref name="gateway"/>
    /// receives every gateway command the engine issues.
    /// </summary>
    public static EngineRefs Start(ActorSystem system, EngineOptions options, IActorRef gateway, ICallerStore? callers = null, string name = "queue-engine") =>
        Start(system, options, _ => gateway, callers, name);

    /// <summary>
    /// As above, for a gateway that itself needs the engine's event router (the simulated gateway
    /// sends its events there): <paramref name="createGateway"/> gets the router.
    /// </summary>
    public static EngineRefs Start(ActorSystem system, EngineOptions options, Func<IActorRef, IActorRef> createGateway, ICallerStore? callers = null, string name = "queue-engine")
    {
        var context = new EngineContext(options, callers ?? NoCallerStore.Instance);
        var queues = system.ActorOf(WithDispatcher(EntityParent.Props(new QueueMessageExtractor(),
            id => QueueActor.Props(long.Parse(Uri.UnescapeDataString(id), System.Globalization.CultureInfo.InvariantCulture), context)), options), $"{name}-queues");
        var agents = system.ActorOf(WithDispatcher(EntityParent.Props(new AgentMessageExtractor(),
            id => AgentActor.Props(ParseAgent(Uri.UnescapeDataString(id)), context)), options), $"{name}-agents");
        var router = system.ActorOf(WithDispatcher(GatewayEventRouter.Props(queues, agents), options), $"{name}-gateway-events");
        var gateway = createGateway(router);
        context.Queues = queues;
        context.Agents = agents;
        context.GatewayEvents = router;
        context.Gateway = gateway;
        return new EngineRefs { Queues = queues, Agents = agents, GatewayEvents = router, Gateway = gateway, Options = options };
    }

    private static AgentKey ParseAgent(string id) =>
        AgentKey.TryParse(id, out var key) ? key : throw new ArgumentException($"Not an agent entity id: {id}");

    private static Props WithDispatcher(Props props, EngineOptions options) =>
        options.Dispatcher is { } d ? props.WithDispatcher(d) : props;

    /// <summary>
    /// Akka.Hosting wiring: starts the engine once the ActorSystem is up and registers its entry
    /// points. The gateway actor must already be registered under <see cref="GatewayCommands"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithQueueEngine(this AkkaConfigurationBuilder builder, EngineOptions options, ICallerStore? callers = null) =>
        builder.WithActors((system, registry) =>
        {
            var refs = Start(system, options, registry.Get<GatewayCommands>(), callers);
            registry.Register<QueueRegion>(refs.Queues);
            registry.Register<AgentRegion>(refs.Agents);
            registry.Register<GatewayEventsRouter>(refs.GatewayEvents);
        });
}
