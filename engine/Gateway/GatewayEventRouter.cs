using Akka.Actor;
using Akka.Event;
using QueueEngine.Agents;
using QueueEngine.Queues;
using QueueEngine.Routing;

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
public sealed class GatewayEventRouter : UntypedActor
{
    private readonly IActorRef _queues;
    private readonly IActorRef _agents;
    // Where each live call's events go: its queue, and the actor they are sent to. The actor is fixed
    // for the call's whole life (the region, or the queue's own actor if it was known when the call
    // entered), so no event of a call can overtake an earlier one.
    private readonly Dictionary<string, CallRoute> _callQueue = new();
    // Queues' actors, learnt from the queues' own messages (see EntityRefs).
    private readonly EntityRefCache<long> _queueRefs;
    // Calls that ended recently: a repeated or late call.entered for one of them must not start it again.
    private readonly HashSet<string> _ended = new();
    private readonly Queue<string> _endedOrder = new();
    private const int EndedMemory = 100_000;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public GatewayEventRouter(IActorRef queues, IActorRef agents)
    {
        _queues = queues;
        _agents = agents;
        _queueRefs = new EntityRefCache<long>(queues, QueueMessageExtractor.QueueEntityId);
    }

    /// <summary>One switch over the messages (cheaper per message than ReceiveActor's handler chain).</summary>
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case CallEntered e:
                OnEntered(e);
                break;
            case ICallEvent e:
                OnCallEvent(e);
                break;
            case AgentExternalCall e:
                _agents.Tell(new SetExternalCall(e.Agent, e.Started));
                if (WantsReply) Sender.Tell(new GatewayEventRouted(e.Name));
                break;
            case CallFinished f:
                OnFinished(f);
                break;
            case CallRestored r:
                LearnQueueRef(r.QueueId);
                _callQueue[r.CallId] = new CallRoute(r.QueueId, QueueRef(r.QueueId));
                break;
            case Terminated t:
                ForgetQueueRef(t.ActorRef);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    public static Props Props(IActorRef queues, IActorRef agents) =>
        Akka.Actor.Props.Create(typeof(GatewayEventRouter), queues, agents);

    private readonly record struct CallRoute(long Queue, IActorRef Target);

    private void OnFinished(CallFinished f)
    {
        if (_callQueue.Remove(f.CallId, out var route)) LearnQueueRef(route.Queue);
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
        if (_callQueue.TryGetValue(e.CallId, out var existing))
        {
            if (existing.Queue != e.ExtensionId)
            {
                Reject(e, $"call {e.CallId} is already in queue {existing.Queue}");
                return;
            }
        }
        else
        {
            existing = new CallRoute(e.ExtensionId, QueueRef(e.ExtensionId));
            _callQueue[e.CallId] = existing;
        }
        existing.Target.Tell(new QueueGatewayEvent(e.ExtensionId, e));
        if (WantsReply) Sender.Tell(new GatewayEventRouted(e.Name));
    }

    private void OnCallEvent(ICallEvent e)
    {
        if (!_callQueue.TryGetValue(e.CallId, out var route))
        {
            Reject(e, $"unknown or ended call {e.CallId}");
            return;
        }
        route.Target.Tell(new QueueGatewayEvent(route.Queue, e));
        if (WantsReply) Sender.Tell(new GatewayEventRouted(e.Name));
    }

    /// <summary>The queue's actor if it is known, else the queue region (which finds it by entity id).</summary>
    private IActorRef QueueRef(long queueId) => _queueRefs.Get(queueId);

    /// <summary>Remembers the sender of the current message as the queue's actor if it is that queue's entity.</summary>
    private void LearnQueueRef(long queueId) => _queueRefs.Learn(queueId, Sender, Context);

    /// <summary>A remembered queue actor stopped: its calls and the next calls go through the region again.</summary>
    private void ForgetQueueRef(IActorRef gone)
    {
        if (!_queueRefs.Forget(gone, out _)) return;
        foreach (var callId in _callQueue.Where(c => c.Value.Target.Equals(gone)).Select(c => c.Key).ToList())
            _callQueue[callId] = _callQueue[callId] with { Target = _queues };
    }

    private void Reject(IGatewayEvent e, string reason)
    {
        _log.Warning("Gateway event {0} ignored: {1}", e.Name, reason);
        if (WantsReply) Sender.Tell(new GatewayEventRejected(e.Name, reason));
    }

    /// <summary>Only a sender that can hear an answer gets one (the answer is not even built otherwise).</summary>
    private bool WantsReply => !Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters);
}
