using Akka.Actor;
using Akka.Event;
using QueueEngine.Gateway;

namespace QueueEngine.Host.Gateway;

/// <summary>
/// Stand-in for the HTTP gateway (a later issue): logs every command the engine issues, so the
/// service runs on its own and shows what it would ask a PBX to do.
/// </summary>
public sealed class LoggingGateway : ReceiveActor
{
    public LoggingGateway()
    {
        var log = Context.GetLogger();
        Receive<IGatewayCommand>(c => log.Info("Gateway command {0} for call {1}: {2}", c.Name, c.CallId, c));
    }
}
