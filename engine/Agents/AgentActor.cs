using Akka.Actor;
using QueueEngine.Clock;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Hosting;
using QueueEngine.Queues;
using QueueEngine.Routing;

namespace QueueEngine.Agents;

/// <summary>
/// One agent, across all its queues. It alone decides whether it may take an offer, so no agent
/// is ever offered two calls at once. Behaviours: idle, offered (reserved/ringing), in a queue
/// call, recovering (wrap-up or a busy / no-answer / reject delay). Every state change is told to
/// each queue the agent belongs to, which keeps the queues' eligibility indexes current.
/// </summary>
/// <remarks>
/// The behaviour is a field and <see cref="OnReceive"/> one switch, rather than
/// <c>ReceiveActor.Become</c>: Become rebuilds the compiled message handlers on every switch, and an
/// agent switches behaviour several times per call (it cost more than the rest of the call together).
/// </remarks>
public sealed class AgentActor : UntypedActor, IWithTimers
{
    private sealed record RecoveryElapsed
    {
        public static readonly RecoveryElapsed Instance = new();
    }

    private sealed record OfferGuardElapsed(string LegId);

    private enum Behavior { Idle, Offered, InCall, Recovering }

    private const string RecoveryTimer = "recovery";
    private const string OfferGuardTimer = "offer-guard";

    private readonly AgentKey _key;
    private readonly EngineContext _engine;
    // The agent's queues in id order. A sorted list: agents are in few queues, and enumerating a
    // SortedSet allocates on every state change.
    private readonly List<long> _queues = new();
    // Queues' actors, once a queue has told us something itself: later messages go to it directly
    // rather than through the queue region (see EntityRefs). Kept when the agent leaves a queue.
    private readonly EntityRefCache<long> _queueRefs;

    private Behavior _behavior = Behavior.Idle;
    private AgentSettings? _settings;
    private bool _deleted;
    private bool _loggedIn;
    private bool _pendingLogout;
    private bool _external;
    private AgentLiveState _live = AgentLiveState.Idle;
    private long _idleSince;
    private int _answered;
    private long _talkSeconds;

    // The current offer or call.
    private long _offerQueue;
    private string? _legId;
    private DateTimeOffset _answeredAt;

    // Ends of the delays (QUEUE-SPEC §3 eligibility).
    private DateTimeOffset _wrapUpUntil, _busyUntil, _noAnswerUntil, _rejectUntil;

    public ITimerScheduler Timers { get; set; } = null!;
    private readonly ActorTimers _timers;

    public AgentActor(AgentKey key, EngineContext engine)
    {
        _key = key;
        _engine = engine;
        _queueRefs = new EntityRefCache<long>(engine.Queues, QueueMessageExtractor.QueueEntityId);

        _timers = new ActorTimers(Self, Context.System.Scheduler);
        Timers = _timers; // in place of the one ActorBase made: see ActorTimers
    }

    public static Props Props(AgentKey key, EngineContext engine)
    {
        var props = Akka.Actor.Props.Create(typeof(AgentActor), key, engine);
        return engine.Options.Dispatcher is { } d ? props.WithDispatcher(d) : props;
    }

    // The system's scheduler, looked up once: Context is a thread-local lookup, and Now is read
    // several times per message.
    private readonly IScheduler _scheduler = Context.System.Scheduler;

    private DateTimeOffset Now => _scheduler.Now;

    // ---------------------------------------------------------------- behaviours

    /// <summary>Unwraps the engine's timers; one cancelled or replaced after it fell due is dropped here.</summary>
    protected override bool AroundReceive(Receive receive, object message) =>
        !_timers.TryOpen(message, out var payload) || base.AroundReceive(receive, payload);

    /// <summary>
    /// Idle takes a reservation; offered waits for its leg's outcome (or the guard); in a call waits
    /// for its call's end; recovering waits for its delay to pass. Every other behaviour refuses a
    /// reservation, and a leg outcome, call end or timer that is not the current one is stale.
    /// </summary>
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ReserveAgent r:
                if (_behavior == Behavior.Idle) OnReserveWhenIdle(r);
                else Refuse(r.LegId);
                break;
            case LegOutcome o:
                if (_behavior == Behavior.Offered && o.LegId == _legId) OnLegOutcome(o);
                // A stale outcome still gets the agent's state back, so the queue's view never waits.
                else if (IsMemberOf(o.QueueId)) QueueRef(o.QueueId).Tell(new AgentStateChanged(o.QueueId, Snapshot()));
                break;
            case OfferGuardElapsed g:
                if (_behavior == Behavior.Offered && g.LegId == _legId) RevokeOffer();
                break;
            case QueueCallEnded e:
                if (_behavior == Behavior.InCall && e.LegId == _legId) OnCallEnded();
                break;
            case RecoveryElapsed:
                if (_behavior == Behavior.Recovering) IdleOrRecover();
                break;
            case ConfigureAgent c:
                OnConfigure(c);
                break;
            case DeleteAgent d:
                OnDelete(d);
                break;
            case JoinedQueue j:
                if (_queues.BinarySearch(j.QueueId) is var at and < 0) _queues.Insert(~at, j.QueueId);
                LearnQueueRef(j.QueueId);
                QueueRef(j.QueueId).Tell(new AgentStateChanged(j.QueueId, Snapshot()));
                break;
            case LeftQueue l:
                if (_queues.BinarySearch(l.QueueId) is var found and >= 0) _queues.RemoveAt(found);
                break;
            case SetExternalCall e:
                if (_external == e.InCall) return;
                _external = e.InCall;
                Broadcast();
                break;
            case Terminated t:
                ForgetQueueRef(t.ActorRef);
                break;
            case GetAgentState:
                Sender.Tell(new AgentState(_key, _settings is not null && !_deleted, _settings, Snapshot(), _queues.ToList(), _legId));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    // ---------------------------------------------------------------- offers

    private bool MayTakeOffer(bool skipBusy) =>
        _settings is not null && !_deleted && _loggedIn && !(skipBusy && _external);

    private void OnReserveWhenIdle(ReserveAgent r)
    {
        if (!MayTakeOffer(r.SkipBusyAgents) || !IsMemberOf(r.QueueId))
        {
            Refuse(r.LegId);
            return;
        }
        var s = _settings!;
        var timeout = s.CallTimeout > 0 ? s.CallTimeout : _engine.Options.DefaultCallTimeoutSeconds;
        _offerQueue = r.QueueId;
        _legId = r.LegId;
        _live = AgentLiveState.Ringing;
        Timers.StartSingleTimer(OfferGuardTimer, new OfferGuardElapsed(r.LegId),
            TimeSpan.FromSeconds(timeout + _engine.Options.OfferGuardSeconds));
        _behavior = Behavior.Offered;
        Sender.Tell(new OfferAccepted(_key, r.LegId, s.ExtensionId, s.Number, s.ExtraParams, timeout, s.AgentSoundId));
        Broadcast(exceptQueue: r.QueueId); // the reserving queue already counts the agent as taken
    }

    private void Refuse(string legId) => Sender.Tell(new OfferRefused(_key, legId, Snapshot()));

    private void OnLegOutcome(LegOutcome o)
    {
        Timers.Cancel(OfferGuardTimer);
        var now = Now;
        var s = _settings ?? new AgentSettings();
        switch (o.Result)
        {
            case LegResult.Answered:
                _live = AgentLiveState.InCall;
                _answeredAt = now;
                _answered++;
                _behavior = Behavior.InCall;
                Broadcast();
                return;
            case LegResult.Busy:
                _busyUntil = now.AddSeconds(s.BusyDelayTime);
                break;
            case LegResult.Rejected:
                _rejectUntil = now.AddSeconds(s.RejectDelayTime);
                break;
            case LegResult.NoAnswer:
            case LegResult.Failed: // a failed leg is treated like no answer (mod_callcenter does the same)
                _noAnswerUntil = now.AddSeconds(s.NoAnswerDelayTime);
                break;
            case LegResult.Cancelled:
                break;
        }
        _legId = null;
        IdleOrRecover();
    }

    /// <summary>Logout or deletion while ringing: tell the queue, which cancels the ring.</summary>
    private void RevokeOffer()
    {
        Timers.Cancel(OfferGuardTimer);
        if (_legId is not null) QueueRef(_offerQueue).Tell(new OfferRevoked(_offerQueue, _key, _legId));
        _legId = null;
        IdleOrRecover();
    }

    private void OnCallEnded()
    {
        var now = Now;
        _talkSeconds += (long)(now - _answeredAt).TotalSeconds;
        _wrapUpUntil = now.AddSeconds(_settings?.WrapUpTime ?? 0);
        _idleSince = now.UtcTicks;
        _legId = null;
        if (_pendingLogout)
        {
            _pendingLogout = false;
            SetLoggedIn(false);
        }
        IdleOrRecover();
    }

    /// <summary>Idle if every delay has passed, else recovering until the last one ends.</summary>
    private void IdleOrRecover()
    {
        var now = Now;
        var until = Max(Max(_wrapUpUntil, _busyUntil), Max(_noAnswerUntil, _rejectUntil));
        if (until > now)
        {
            _live = until == _wrapUpUntil ? AgentLiveState.WrapUp : AgentLiveState.Delayed;
            Timers.StartSingleTimer(RecoveryTimer, RecoveryElapsed.Instance, until - now);
            _behavior = Behavior.Recovering;
        }
        else
        {
            _live = AgentLiveState.Idle;
            Timers.Cancel(RecoveryTimer);
            _behavior = Behavior.Idle;
        }
        Broadcast();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    // ---------------------------------------------------------------- configuration

    private void OnConfigure(ConfigureAgent c)
    {
        _settings = c.Settings;
        _deleted = false;
        var wantLoggedIn = c.Settings.Status == AgentStatus.Available;
        if (wantLoggedIn)
        {
            _pendingLogout = false;
            if (!_loggedIn) SetLoggedIn(true);
        }
        else if (_loggedIn && !_pendingLogout)
        {
            if (_live == AgentLiveState.InCall) _pendingLogout = true; // takes effect when the call ends
            else
            {
                SetLoggedIn(false);
                if (_live == AgentLiveState.Ringing) RevokeOffer();
            }
        }
        Sender.Tell(new AgentConfigured(_key, c.Settings));
        Broadcast();
    }

    private void SetLoggedIn(bool loggedIn)
    {
        _loggedIn = loggedIn;
        var now = Now;
        if (loggedIn)
        {
            // Counters and idle time count from the last login (QUEUE-SPEC §3, §4).
            _idleSince = now.UtcTicks;
            _answered = 0;
            _talkSeconds = 0;
            Publish(new AgentLogin(now, _key));
        }
        else
        {
            Publish(new AgentLogout(now, _key));
        }
    }

    private void OnDelete(DeleteAgent d)
    {
        _deleted = true;
        if (_legId is not null && _live == AgentLiveState.Ringing) RevokeOffer();
        if (d.RemoveFromQueues)
            foreach (var q in _queues.ToArray()) _engine.Queues.Tell(new RemoveMember(q, _key));
        Broadcast();
        Sender.Tell(new AgentDeleted(_key));
    }

    // ---------------------------------------------------------------- helpers

    private AgentSnapshot Snapshot() =>
        new(_key, _loggedIn, _live, _external, _deleted || _settings is null, _idleSince, _answered, _talkSeconds);

    private bool IsMemberOf(long queueId) => _queues.BinarySearch(queueId) >= 0;

    /// <summary>The queue's actor if it is known, else the queue region (which finds it by entity id).</summary>
    private IActorRef QueueRef(long queueId) => _queueRefs.Get(queueId);

    /// <summary>Remembers the sender of the current message as the queue's actor if it is that queue's entity.</summary>
    private void LearnQueueRef(long queueId) => _queueRefs.Learn(queueId, Sender, Context);

    /// <summary>A remembered queue actor stopped: its next incarnation is reached through the region again.</summary>
    private void ForgetQueueRef(IActorRef gone) => _queueRefs.Forget(gone, out _);

    private void Broadcast(long? exceptQueue = null)
    {
        if (_engine.Options.PublishEvents)
            Context.System.EventStream.Publish(new AgentStateReported(Now, _key, _live, _loggedIn, _deleted || _settings is null));
        if (_queues.Count == 0) return;
        var snapshot = Snapshot();
        foreach (var q in _queues)
            if (q != exceptQueue) QueueRef(q).Tell(new AgentStateChanged(q, snapshot));
    }

    private void Publish(EngineEvent e)
    {
        _engine.Options.EventSink?.Invoke(e);
        if (_engine.Options.PublishEvents) Context.System.EventStream.Publish(e);
    }
}
