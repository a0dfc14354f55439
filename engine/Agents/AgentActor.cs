using Akka.Actor;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Hosting;
using QueueEngine.Queues;

namespace QueueEngine.Agents;

/// <summary>
/// One agent, across all its queues. It alone decides whether it may take an offer, so no agent
/// is ever offered two calls at once. Behaviours: idle, offered (reserved/ringing), in a queue
/// call, recovering (wrap-up or a busy / no-answer / reject delay). Every state change is told to
/// each queue the agent belongs to, which keeps the queues' eligibility indexes current.
/// </summary>
public sealed class AgentActor : ReceiveActor, IWithTimers
{
    private sealed record RecoveryElapsed
    {
        public static readonly RecoveryElapsed Instance = new();
    }

    private sealed record OfferGuardElapsed(string LegId);

    private const string RecoveryTimer = "recovery";
    private const string OfferGuardTimer = "offer-guard";

    private readonly AgentKey _key;
    private readonly EngineContext _engine;
    private readonly SortedSet<long> _queues = new();

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

    public AgentActor(AgentKey key, EngineContext engine)
    {
        _key = key;
        _engine = engine;
        Idle();
    }

    public static Props Props(AgentKey key, EngineContext engine)
    {
        var props = Akka.Actor.Props.Create(typeof(AgentActor), key, engine);
        return engine.Options.Dispatcher is { } d ? props.WithDispatcher(d) : props;
    }

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    // ---------------------------------------------------------------- behaviours

    private void Idle()
    {
        Receive<ReserveAgent>(OnReserveWhenIdle);
        Common();
    }

    private void Offered()
    {
        Receive<ReserveAgent>(r => Refuse(r.LegId));
        Receive<LegOutcome>(o => o.LegId == _legId, OnLegOutcome);
        Receive<OfferGuardElapsed>(g => g.LegId == _legId, _ => RevokeOffer());
        Common();
    }

    private void InCall()
    {
        Receive<ReserveAgent>(r => Refuse(r.LegId));
        Receive<QueueCallEnded>(e => e.LegId == _legId, _ => OnCallEnded());
        Common();
    }

    private void Recovering()
    {
        Receive<ReserveAgent>(r => Refuse(r.LegId));
        Receive<RecoveryElapsed>(_ => IdleOrRecover());
        Common();
    }

    /// <summary>Handlers every behaviour shares; stale leg messages are ignored here.</summary>
    private void Common()
    {
        Receive<ConfigureAgent>(OnConfigure);
        Receive<DeleteAgent>(OnDelete);
        Receive<JoinedQueue>(j =>
        {
            _queues.Add(j.QueueId);
            _engine.Queues.Tell(new AgentStateChanged(j.QueueId, Snapshot()));
        });
        Receive<LeftQueue>(l => _queues.Remove(l.QueueId));
        Receive<SetExternalCall>(e =>
        {
            if (_external == e.InCall) return;
            _external = e.InCall;
            Broadcast();
        });
        Receive<GetAgentState>(_ => Sender.Tell(new AgentState(
            _key, _settings is not null && !_deleted, _settings, Snapshot(), _queues.ToList(), _legId)));
        // A leg outcome or call end that does not match the current leg is stale: ignore it.
        Receive<LegOutcome>(o =>
        {
            if (_queues.Contains(o.QueueId)) _engine.Queues.Tell(new AgentStateChanged(o.QueueId, Snapshot()));
        });
        Receive<QueueCallEnded>(_ => { });
        Receive<OfferGuardElapsed>(_ => { });
        Receive<RecoveryElapsed>(_ => { });
    }

    // ---------------------------------------------------------------- offers

    private bool MayTakeOffer(bool skipBusy) =>
        _settings is not null && !_deleted && _loggedIn && !(skipBusy && _external);

    private void OnReserveWhenIdle(ReserveAgent r)
    {
        if (!MayTakeOffer(r.SkipBusyAgents) || !_queues.Contains(r.QueueId))
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
        Become(Offered);
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
                Become(InCall);
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
        if (_legId is not null) _engine.Queues.Tell(new OfferRevoked(_offerQueue, _key, _legId));
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
            Become(Recovering);
        }
        else
        {
            _live = AgentLiveState.Idle;
            Timers.Cancel(RecoveryTimer);
            Become(Idle);
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
            foreach (var q in _queues) _engine.Queues.Tell(new RemoveMember(q, _key));
        Broadcast();
        Sender.Tell(new AgentDeleted(_key));
    }

    // ---------------------------------------------------------------- helpers

    private AgentSnapshot Snapshot() =>
        new(_key, _loggedIn, _live, _external, _deleted || _settings is null, _idleSince, _answered, _talkSeconds);

    private void Broadcast(long? exceptQueue = null)
    {
        if (_queues.Count == 0) return;
        var snapshot = Snapshot();
        foreach (var q in _queues)
            if (q != exceptQueue) _engine.Queues.Tell(new AgentStateChanged(q, snapshot));
    }

    private void Publish(EngineEvent e)
    {
        if (_engine.Options.PublishEvents) Context.System.EventStream.Publish(e);
    }
}
