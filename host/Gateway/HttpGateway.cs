using Akka.Actor;
using Akka.Event;
using QueueEngine.Gateway;

namespace QueueEngine.Host.Gateway;

/// <summary>
/// The engine's gateway actor in the service: every command the engine issues goes to the
/// <see cref="CommandLog"/>, which <c>GET /gateway/commands</c> streams to the gateway with its id.
/// Before that, <see cref="GatewayCalls"/> learns the ids the command issues and records the
/// dispatch latency of a call's first ring. Commands are logged at Debug.
/// </summary>
public sealed class HttpGateway : ReceiveActor
{
    public HttpGateway(CommandLog commands, GatewayCalls calls)
    {
        var log = Context.GetLogger();
        Receive<IGatewayCommand>(c =>
        {
            calls.OnCommand(c);
            var id = commands.Append(c);
            if (log.IsDebugEnabled) log.Debug("Gateway command {0} {1} for call {2}: {3}", id, c.Name, c.CallId, c);
        });
    }

    public static Props Props(CommandLog commands, GatewayCalls calls) =>
        Akka.Actor.Props.Create(() => new HttpGateway(commands, calls));
}
