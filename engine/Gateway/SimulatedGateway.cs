using Akka.Actor;
using QueueEngine.Clock;

namespace QueueEngine.Gateway;

/// <summary>How a simulated agent reacts to a ring.</summary>
/// <param name="Outcome">The leg event reported (answered, busy, rejected, no_answer, failed).</param>
/// <param name="After">When it is reported, counted from the ring.</param>
/// <param name="Talk">For an answer: how long the conversation lasts once bridged (null = until someone else ends it).</param>
/// <param name="AgentHangsUp">For an answer: the agent ends the talk (<c>leg.hangup</c>) rather than the caller (<c>call.hangup</c>).</param>
public sealed record AgentReaction(LegEventKind Outcome, TimeSpan After, TimeSpan? Talk = null, bool AgentHangsUp = false);

/// <summary>
/// Decides what the simulated telephony does in answer to the engine's commands. Plain C#,
/// called only from the gateway actor.
/// </summary>
public interface IGatewayBehavior
{
    /// <summary>How the rung agent reacts; null = nothing happens by itself.</summary>
    AgentReaction? OnRing(Ring ring);

    /// <summary>How long a non-looping play lasts before <c>playback.finished</c>; null = never reported.</summary>
    TimeSpan? PlaybackDuration(Play play);

    /// <summary>The digits the caller enters and when; null = the caller enters nothing.</summary>
    (string Digits, TimeSpan After)? OnCollectDigits(CollectDigits request);
}

/// <summary>A command as the gateway saw it, with the virtual time it arrived.</summary>
public sealed record GatewayCommandRecord(DateTimeOffset Time, IGatewayCommand Command);

/// <summary>
/// An in-process gateway for tests and the simulator: it answers the engine's commands with
/// gateway events after the delays its <see cref="IGatewayBehavior"/> chooses, through the same
/// router that serves a real gateway. Everything is scheduled on the ActorSystem's scheduler,
/// so under virtual time a whole day runs deterministically.
/// </summary>
public sealed class SimulatedGateway : UntypedActor
{
    private readonly IActorRef _events;
    private readonly IGatewayBehavior _behavior;
    private readonly Action<GatewayCommandRecord>? _record;

    // Pending events, so that a cancelled ring or a finished call stops what it would have caused.
    private readonly Dictionary<string, Deliver> _legTimers = new();
    private readonly Dictionary<string, List<Deliver>> _callTimers = new();
    private readonly Dictionary<string, AgentReaction> _answeredLegs = new();

    public SimulatedGateway(IActorRef events, IGatewayBehavior behavior, Action<GatewayCommandRecord>? record)
    {
        _events = events;
        _behavior = behavior;
        _record = record;
    }

    /// <summary>One switch over the messages (cheaper per message than ReceiveActor's handler chain).</summary>
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case IGatewayCommand command:
                OnCommand(command);
                break;
            case InjectEvent i:
                Schedule(i.CallId, i.After, i.Event);
                break;
            case Deliver d:
                OnDeliver(d);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>
    /// A scheduled event comes back through the gateway so it can forget what is over. It is its own
    /// cancel handle: one object per pending event.
    /// </summary>
    private sealed class Deliver(IGatewayEvent e) : TimerHandle
    {
        public IGatewayEvent Event { get; } = e;
    }

    public static Props Props(IActorRef events, IGatewayBehavior behavior, Action<GatewayCommandRecord>? record = null) =>
        Akka.Actor.Props.Create(typeof(SimulatedGateway), events, behavior, record);

    /// <summary>Sends a caller-side event later (patience, exit key), cancelled if the call ends first.</summary>
    public sealed record InjectEvent(string CallId, TimeSpan After, IGatewayEvent Event);

    // The system's scheduler, looked up once: Context is a thread-local lookup, and Now is read
    // several times per message.
    private readonly IScheduler _scheduler = Context.System.Scheduler;

    private DateTimeOffset Now => _scheduler.Now;

    private void OnCommand(IGatewayCommand command)
    {
        _record?.Invoke(new GatewayCommandRecord(Now, command));
        switch (command)
        {
            case Ring ring when _behavior.OnRing(ring) is { } reaction:
                var outcome = new Deliver(new LegEvent(ring.CallId, ring.LegId, reaction.Outcome));
#pragma warning disable AK1004 // cancelled through its handle when the ring or call ends, and in PostStop
                _scheduler.ScheduleTellOnce(reaction.After, Self, outcome, Self, outcome);
#pragma warning restore AK1004
                _legTimers[ring.LegId] = outcome;
                if (reaction.Outcome == LegEventKind.Answered) _answeredLegs[ring.LegId] = reaction;
                break;
            case CancelRing cancel:
                if (_legTimers.Remove(cancel.LegId, out var pending)) pending.Cancel();
                _answeredLegs.Remove(cancel.LegId);
                break;
            case Bridge bridge:
                // Answered: the caller's own pending events (patience, exit key) no longer apply.
                CancelCall(bridge.CallId);
                _legTimers.Remove(bridge.LegId);
                if (_answeredLegs.Remove(bridge.LegId, out var talk) && talk.Talk is { } duration)
                {
                    IGatewayEvent end = talk.AgentHangsUp
                        ? new LegEvent(bridge.CallId, bridge.LegId, LegEventKind.Hangup)
                        : new CallHangup(bridge.CallId);
                    Schedule(bridge.CallId, duration, end);
                }
                break;
            case Play { Loop: false, PlaybackId: { } playbackId } play when _behavior.PlaybackDuration(play) is { } length:
                Schedule(play.CallId, length, new PlaybackFinished(play.CallId, playbackId));
                break;
            case CollectDigits collect when _behavior.OnCollectDigits(collect) is { } answer:
                Schedule(collect.CallId, answer.After, new DigitsCollected(collect.CallId, collect.RequestId, answer.Digits));
                break;
            case Transfer or Voicemail or Hangup:
                CancelCall(command.CallId); // the call has left the queue
                break;
        }
    }

    /// <summary>
    /// Pending events are plain scheduled tells, one small handle each (not IWithTimers keys: a call has
    /// several, dropped together when it ends); none outlives the gateway.
    /// </summary>
    protected override void PostStop()
    {
        foreach (var d in _legTimers.Values) d.Cancel();
        foreach (var list in _callTimers.Values)
            foreach (var d in list) d.Cancel();
        base.PostStop();
    }

    private void OnDeliver(Deliver d)
    {
        if (d.IsCancellationRequested) return; // cancelled after it fell due
        switch (d.Event)
        {
            case CallHangup hangup:
                CancelCall(hangup.CallId); // the caller is gone: nothing else of this call happens
                break;
            case LegEvent { Kind: not LegEventKind.Hangup } leg:
                _legTimers.Remove(leg.LegId);
                break;
        }
        _events.Tell(d.Event, ActorRefs.NoSender);
    }

    private void Schedule(string callId, TimeSpan after, IGatewayEvent e)
    {
        var timer = new Deliver(e);
#pragma warning disable AK1004 // cancelled through its handle when the call ends, and in PostStop
        _scheduler.ScheduleTellOnce(after, Self, timer, Self, timer);
#pragma warning restore AK1004
        if (!_callTimers.TryGetValue(callId, out var list)) _callTimers[callId] = list = new List<Deliver>(2);
        list.Add(timer);
    }

    private void CancelCall(string callId)
    {
        if (!_callTimers.Remove(callId, out var list)) return;
        foreach (var t in list) t.Cancel();
    }
}
