using Akka.Actor;
using Akka.Event;
using QueueEngine.Agents;
using QueueEngine.Queues;

namespace QueueEngine.Gateway;

/// <summary>The queue tells the router that a call has left it for good.</summary>
public sealed record CallFinished(string CallId);

/// <summary>A queue that recovered a caller after a restart tells the router where the call is.</summary>
public sealed record CallRestored(string CallId, long QueueId);

/// <summary>Answer to a sender that wants one: the event was routed, or why not.</summary>
public sealed record GatewayEventRouted(string Name);

public sealed record GatewayEventRejected(string Name, string Reason);

/// <summary>
/// Entry point of gateway events. Most events carry only the gateway's <c>call_id</c>, so the
/// router remembers which queue holds each live call and forwards to that queue's entity;
/// agent events go to the agent's entity. Events for calls it does not know are dropped with a
/// warning (and a <see cref="GatewayEventRejected"/> to a sender that asked).
/// </summary>
public sealed class GatewayEventRouter : ReceiveActor
{
    private readonly IActorRef _queues;
    private readonly IActorRef _agents;
    private readonly Dictionary<string, long> _callQueue = new();
    // Calls that ended recently: a repeated or late call.entered for one of them must not start it again.
    private readonly HashSet<string> _ended = new();
    private readonly Queue<string> _endedOrder = new();
    private const int EndedMemory = 100_000;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public GatewayEventRouter(IActorRef queues, IActorRef agents)
    {
        _queues = queues;
        _agents = agents;
        Receive<CallEntered>(OnEntered);
        Receive<ICallEvent>(OnCallEvent);
        Receive<AgentExternalCall>(e =>
        {
            _agents.Tell(new SetExternalCall(e.Agent, e.Started));
            if (WantsReply) Sender.Tell(new GatewayEventRouted(e.Name));
        });
        Receive<CallFinished>(OnFinished);
        Receive<CallRestored>(r => _callQueue[r.CallId] = r.QueueId);
    }

    public static Props Props(IActorRef queues, IActorRef agents) =>
        Akka.Actor.Props.Create(typeof(GatewayEventRouter), queues, agents);

    private void OnFinished(CallFinished f)
    {
        _callQueue.Remove(f.CallId);
        if (!_ended.Add(f.CallId)) return;
        _endedOrder.Enqueue(f.CallId);
        if (_endedOrder.Count > EndedMemory) _ended.Remove(_endedOrder.Dequeue());
    }

    private void OnEntered(CallEntered e)
    {
        if (_ended.Contains(e.CallId))
        {
            Reject(e, $"call {e.CallId} has already ended");
            return;
        }
        if (_callQueue.TryGetValue(e.CallId, out var existing) && existing != e.ExtensionId)
        {
            Reject(e, $"call {e.CallId} is already in queue {existing}");
            return;
        }
        _callQueue[e.CallId] = e.ExtensionId;
        _queues.Tell(new QueueGatewayEvent(e.ExtensionId, e));
        if (WantsReply) Sender.Tell(new GatewayEventRouted(e.Name));
    }

    private void OnCallEvent(ICallEvent e)
    {
        if (!_callQueue.TryGetValue(e.CallId, out var queueId))
        {
            Reject(e, $"unknown or ended call {e.CallId}");
            return;
        }
        _queues.Tell(new QueueGatewayEvent(queueId, e));
        if (WantsReply) Sender.Tell(new GatewayEventRouted(e.Name));
    }

    private void Reject(IGatewayEvent e, string reason)
    {
        _log.Warning("Gateway event {0} ignored: {1}", e.Name, reason);
        if (WantsReply) Sender.Tell(new GatewayEventRejected(e.Name, reason));
    }

    /// <summary>Only a sender that can hear an answer gets one (the answer is not even built otherwise).</summary>
    private bool WantsReply => !Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters);
}
