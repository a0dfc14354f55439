using Akka.Actor;
using Akka.Event;
using QueueEngine.Agents;
using QueueEngine.Clock;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Hosting;
using QueueEngine.Routing;
using QueueEngine.Strategies;

namespace QueueEngine.Queues;

/// <summary>
/// One queue: its settings, members, callers in entry order and every caller's life (QUEUE-SPEC
/// §2). Agents are chosen by the queue's strategy from its own index of eligible members; the
/// agent's actor confirms each offer by reserving itself. Telephony happens only through gateway
/// commands out and gateway events in.
/// </summary>
public sealed class QueueActor : UntypedActor, IWithTimers
{
    // Timer messages double as timer keys (records compare by value).
    private sealed record MaxWaitElapsed(string CallId);
    private sealed record NoAgentElapsed(string CallId);
    private sealed record AnnounceTick(string CallId);
    private sealed record PositionTick(string CallId);
    private sealed record TierTick(string CallId);
    private sealed record StartSoundGuard(string CallId);
    private sealed record RatingTimeout(string CallId);
    private sealed record RingTimeout(string LegId);

    private readonly long _queueId;
    private readonly EngineContext _engine;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private QueueSettings _settings = QueueSettings.Default;
    private IAgentStrategy _strategy;

    private readonly Dictionary<AgentKey, Member> _members = new();
    private readonly SortedDictionary<int, (int Members, int LoggedIn)> _levels = new();
    private List<LevelInfo>? _levelInfos; // cache of _levels for the tier rules; null when stale
    private int _loggedIn;

    private readonly Dictionary<string, Caller> _callers = new();
    private readonly SortedSet<Caller> _inQueue = new(Caller.BySeq);  // not yet answered, entry order
    private readonly SortedSet<Caller> _wanting = new(Caller.BySeq);  // in dispatch and wanting an agent
    private readonly Dictionary<string, Leg> _legs = new();
    private readonly Dictionary<string, (AgentKey Agent, DateTimeOffset At)> _lastAgentOfNumber = new();
    // The same answers in time order, so that the sticky memory forgets them once they are older
    // than try_same_agent_time (else it would grow with every caller number ever answered).
    private readonly Queue<(DateTimeOffset At, string Number)> _answersInOrder = new();
    private readonly List<EligibleAgent> _scratch = new();
    // Agents' actors, once an agent has told us something itself: later messages go to it directly
    // rather than through the agent region (see EntityRefs). Kept when a member leaves, so that
    // once an agent is reached directly every message to it is, and none overtakes another.
    private readonly EntityRefCache<AgentKey> _agentRefs;

    private long _seq, _legSeq, _playbackSeq, _requestSeq;
    private bool _recovered;
    private int _waiting, _trying, _answered;
    private bool _statusDirty;

    public ITimerScheduler Timers { get; set; } = null!;
    private readonly ActorTimers _timers;

    public QueueActor(long queueId, EngineContext engine)
    {
        _queueId = queueId;
        _engine = engine;
        _agentRefs = new EntityRefCache<AgentKey>(engine.Agents, a => a.EntityId);
        _strategy = StrategyFactory.Create(_settings.Strategy, SeedFor(queueId));

        _timers = new ActorTimers(Self, Context.System.Scheduler);
        Timers = _timers; // in place of the one ActorBase made: see ActorTimers
    }

    public static Props Props(long queueId, EngineContext engine)
    {
        var props = Akka.Actor.Props.Create(typeof(QueueActor), queueId, engine);
        return engine.Options.Dispatcher is { } d ? props.WithDispatcher(d) : props;
    }

    /// <summary>
    /// The random strategy's seed: fixed for a given engine seed and queue. (HashCode.Combine is
    /// seeded per process, so it made simulation reports differ from one run to the next.)
    /// </summary>
    private int SeedFor(long queueId)
    {
        var x = Mix((ulong)(uint)_engine.Options.RandomSeed);
        x = Mix(x ^ (ulong)queueId);
        return (int)(x ^ (x >> 32));
    }

    /// <summary>The SplitMix64 finaliser: a fixed, well-mixing bijection of 64-bit values.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // The system's scheduler, looked up once: Context is a thread-local lookup, and Now is read
    // several times per message.
    private readonly IScheduler _scheduler = Context.System.Scheduler;

    private DateTimeOffset Now => _scheduler.Now;

    /// <summary>One switch over the protocol (cheaper per message than ReceiveActor's handler chain).</summary>
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case QueueGatewayEvent e: OnGatewayEvent(e.Event); break;
            case OfferAccepted a: OnOfferAccepted(a); break;
            case OfferRefused r: OnOfferRefused(r); break;
            case OfferRevoked r: OnOfferRevoked(r); break;
            case AgentStateChanged s: OnAgentStateChanged(s); break;
            case ConfigureQueue q: OnConfigure(q); break;
            case SetMember m: OnSetMember(m); break;
            case RemoveMember r: OnRemoveMember(r); break;
            case GetQueueStatus: Sender.Tell(Status()); break;
            case GetQueueSnapshot: Sender.Tell(Snapshot()); break;
            case Terminated t: ForgetAgentRef(t.ActorRef); break;

            case MaxWaitElapsed t: WithCaller(t.CallId, c => { if (c.IsInQueue) Exit(c, HangupReason.Timeout); }); break;
            case NoAgentElapsed t: WithCaller(t.CallId, c => { if (c.IsInQueue && _loggedIn == 0) Exit(c, HangupReason.NoAgentTimeout); }); break;
            case AnnounceTick t: WithCaller(t.CallId, Announce); break;
            case PositionTick t: WithCaller(t.CallId, AnnouncePosition); break;
            case TierTick t: WithCaller(t.CallId, c => { ArmTierTimer(c); Dispatch(); }); break;
            case StartSoundGuard t: WithCaller(t.CallId, c => { if (c.Phase == CallerPhase.StartSound) StartDispatch(c); }); break;
            case RatingTimeout t: WithCaller(t.CallId, c => { if (c.Phase == CallerPhase.Rating) FinishRating(c, null); }); break;
            case RingTimeout t: if (_legs.TryGetValue(t.LegId, out var leg) && leg.Ringing) FailLeg(leg, LegResult.NoAnswer, cancelRing: true); break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>Publishes the counters once per message, after everything it changed.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (!_timers.TryOpen(message, out var payload)) return true; // a timer cancelled after it fell due
        var handled = base.AroundReceive(receive, payload);
        if (_statusDirty)
        {
            _statusDirty = false;
            if (_engine.Options.QueueStatusEvents) Publish(new QueueStatusChanged(Now, _queueId, _waiting, _trying, _answered));
        }
        return handled;
    }

    private void WithCaller(string callId, Action<Caller> action)
    {
        if (_callers.TryGetValue(callId, out var c)) action(c);
    }

    // ================================================================ gateway events

    private void OnGatewayEvent(ICallEvent e)
    {
        if (e is CallEntered entered)
        {
            OnCallEntered(entered);
            return;
        }
        if (!_callers.TryGetValue(e.CallId, out var c))
        {
            _log.Warning("Queue {0}: {1} for unknown or ended call {2} ignored", _queueId, e.Name, e.CallId);
            return;
        }
        switch (e)
        {
            case CallHangup:
                OnCallerHangup(c);
                break;
            case CallDtmf d:
                if (c.IsInQueue && _settings.ExitKey is { } key && d.Digit == key) Exit(c, HangupReason.ExitKey);
                break;
            case PlaybackFinished p:
                if (c.Phase == CallerPhase.StartSound && p.PlaybackId == c.StartPlaybackId) StartDispatch(c);
                break;
            case LegEvent l:
                OnLegEvent(c, l);
                break;
            case DigitsCollected d:
                if (c.Phase == CallerPhase.Rating && d.RequestId == c.RatingRequestId) FinishRating(c, d.Digits);
                break;
        }
    }

    private void OnCallEntered(CallEntered e)
    {
        if (_callers.ContainsKey(e.CallId)) return; // a repeated event changes nothing
        var now = Now;
        var c = new Caller(e.CallId, ++_seq, e.CallerNumber, e.CallerName, now);
        if (_settings.ExitWithNoAvAgents && _loggedIn == 0)
        {
            // The caller does not enter the queue at all (§2.1).
            c.Phase = CallerPhase.Ended;
            var action = SendOff(c, _settings.NoAgentTimeoutTransferDst);
            Publish(new CallerHangup(now, _queueId, c.CallId, HangupReason.NoAgentsOnEntry, action, 0, null, 0));
            _engine.GatewayEvents.Tell(new CallFinished(c.CallId));
            return;
        }

        Admit(c);
        if (_engine.Callers is not NoCallerStore) // nothing to build when callers are not kept
            _engine.Callers.Entered(_queueId, new StoredCaller(c.CallId, c.Number, c.Name, c.EnteredAt));
        Publish(new DialIn(now, _queueId, c.CallId, c.Number, c.Name));

        if (_settings.StartSound is { } startSound)
        {
            c.StartPlaybackId = NextPlaybackId();
            Command(new Play(c.CallId, c.StartPlaybackId, startSound, null, PlayTarget.Caller, Loop: false));
            StartTimer(c, CallerTimers.StartSoundGuard, new StartSoundGuard(c.CallId), TimeSpan.FromSeconds(_engine.Options.StartSoundGuardSeconds));
        }
        else
        {
            StartDispatch(c);
        }
    }

    /// <summary>The caller is in the queue: counted, and its wait limits are running.</summary>
    private void Admit(Caller c)
    {
        _callers.Add(c.CallId, c);
        _inQueue.Add(c);
        CountPhase(c.Phase, +1);
        if (_settings.MaxWaitTime > 0)
        {
            var left = c.EnteredAt.AddSeconds(_settings.MaxWaitTime) - Now; // less than the limit for a recovered caller
            StartTimer(c, CallerTimers.MaxWait, new MaxWaitElapsed(c.CallId), left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        if (_loggedIn == 0) StartNoAgentTimer(c);
    }

    /// <summary>
    /// After a restart, takes back the callers that were waiting, in their order and with their
    /// entry times; they go straight to dispatch (whatever rang for them before is gone).
    /// </summary>
    private void RecoverCallers()
    {
        _recovered = true;
        foreach (var stored in _engine.Callers.Load(_queueId))
        {
            if (_callers.ContainsKey(stored.CallId)) continue;
            var c = new Caller(stored.CallId, ++_seq, stored.CallerNumber, stored.CallerName, stored.EnteredAt);
            Admit(c);
            _engine.GatewayEvents.Tell(new CallRestored(c.CallId, _queueId));
            StartDispatch(c);
        }
    }

    /// <summary>Hold audio and announcements start, and agents start being called (§2.3–2.5).</summary>
    private void StartDispatch(Caller c)
    {
        CancelTimer(c, CallerTimers.StartSoundGuard);
        PlayHold(c);
        if (_settings.AnnounceSound is not null && _settings.AnnounceFrequency > 0)
            StartTimer(c, CallerTimers.Announce, new AnnounceTick(c.CallId), TimeSpan.FromSeconds(_settings.AnnounceFrequency), periodic: true);
        if (_settings.PositionAnnounceFrequency > 0)
            StartTimer(c, CallerTimers.Position, new PositionTick(c.CallId), TimeSpan.FromSeconds(_settings.PositionAnnounceFrequency), periodic: true);

        c.DispatchStartedAt = Now;
        SetPhase(c, CallerPhase.Waiting);
        _wanting.Add(c);
        ArmTierTimer(c);
        Dispatch();
    }

    private void PlayHold(Caller c)
    {
        var ring = _settings.SoundType == SoundType.Ring;
        var sound = ring ? null : _settings.Sound;
        var tone = ring ? Tones.Ringback : sound is null ? Tones.Music : null;
        Command(new Play(c.CallId, null, sound, tone, PlayTarget.Caller, Loop: true));
    }

    private void Announce(Caller c)
    {
        if (c.Phase is not (CallerPhase.Waiting or CallerPhase.Trying) || _settings.AnnounceSound is not { } sound) return;
        Command(new Play(c.CallId, NextPlaybackId(), sound, null, PlayTarget.Caller, Loop: false));
        PlayHold(c);
    }

    private void AnnouncePosition(Caller c)
    {
        if (c.Phase is not (CallerPhase.Waiting or CallerPhase.Trying)) return;
        Command(new SayPosition(c.CallId, PositionOf(c)));
        PlayHold(c);
    }

    /// <summary>1 = next to be served: callers still in the queue, in entry order.</summary>
    private int PositionOf(Caller c) => _inQueue.GetViewBetween(_inQueue.Min!, c).Count;

    private void OnCallerHangup(Caller c)
    {
        switch (c.Phase)
        {
            case CallerPhase.Answered:
                EndTalk(c);
                End(c, HangupReason.Completed, EndAction.Hangup);
                break;
            case CallerPhase.Rating:
                End(c, HangupReason.Completed, EndAction.Hangup);
                break;
            default:
                Exit(c, HangupReason.Abandoned);
                break;
        }
    }

    // ================================================================ dispatch

    private double SecondsInDispatch(Caller c, DateTimeOffset now) => (now - c.DispatchStartedAt).TotalSeconds;

    private IReadOnlyList<LevelInfo> Levels =>
        _levelInfos ??= _levels.Where(l => l.Value.Members > 0).Select(l => new LevelInfo(l.Key, l.Value.LoggedIn)).ToList();

    private void ArmTierTimer(Caller c)
    {
        var next = TierRules.NextOpening(_settings, Levels, SecondsInDispatch(c, Now));
        if (next is null) return;
        var due = c.DispatchStartedAt.AddSeconds(next.Value) - Now;
        StartTimer(c, CallerTimers.Tier, new TierTick(c.CallId), due > TimeSpan.Zero ? due : TimeSpan.Zero);
    }

    /// <summary>
    /// Offers eligible agents to waiting callers, head of the queue first. Stops at the first
    /// caller that cannot be served: callers behind it have been in dispatch no longer, so they
    /// have no more levels open.
    /// </summary>
    private void Dispatch()
    {
        var now = Now;
        while (_strategy.Count > 0 && _wanting.Count > 0)
        {
            var c = _wanting.Min!;
            if (!c.StickyChecked)
            {
                c.StickyChecked = true;
                if (StickyAgentFor(c, now) is { } sticky)
                {
                    Offer(c, sticky, isSticky: true);
                    continue;
                }
            }
            var maxOpen = TierRules.MaxOpenLevel(_settings, Levels, SecondsInDispatch(c, now));
            if (_strategy.RingsAll)
            {
                _scratch.Clear();
                _strategy.ChooseAll(maxOpen, _scratch);
                foreach (var agent in _scratch) Offer(c, agent, isSticky: false);
                return; // what is left is above the head's open levels, so above everyone's
            }
            var chosen = _strategy.Choose(c.Cursor, maxOpen);
            if (chosen is null) return;
            _strategy.Offered(c.Cursor, chosen);
            Offer(c, chosen, isSticky: false);
        }
    }

    /// <summary>§2.6: the agent of this queue that last answered this number, if recent and eligible now.</summary>
    private EligibleAgent? StickyAgentFor(Caller c, DateTimeOffset now)
    {
        if (_settings.TrySameAgentTime <= 0 || !_lastAgentOfNumber.TryGetValue(c.Number, out var last)) return null;
        if ((now - last.At).TotalSeconds > _settings.TrySameAgentTime)
        {
            _lastAgentOfNumber.Remove(c.Number);
            return null;
        }
        return _members.TryGetValue(last.Agent, out var m) ? m.Indexed : null;
    }

    /// <summary>
    /// §2.6 memory: who answered which number when. Kept only while try_same_agent_time is on, and
    /// only for that long.
    /// </summary>
    private void RememberAgentOfNumber(string number, AgentKey agent, DateTimeOffset now)
    {
        if (_settings.TrySameAgentTime <= 0) return;
        _lastAgentOfNumber[number] = (agent, now);
        _answersInOrder.Enqueue((now, number));
        var oldest = now.AddSeconds(-_settings.TrySameAgentTime);
        while (_answersInOrder.TryPeek(out var head) && head.At < oldest)
        {
            _answersInOrder.Dequeue();
            // A later answer for the same number keeps its entry.
            if (_lastAgentOfNumber.TryGetValue(head.Number, out var last) && last.At == head.At) _lastAgentOfNumber.Remove(head.Number);
        }
    }

    private void Offer(Caller c, EligibleAgent agent, bool isSticky)
    {
        var m = _members[agent.Agent];
        var leg = new Leg(NextLegId(), c, agent.Agent, isSticky);
        _legs.Add(leg.LegId, leg);
        c.Legs.Add(leg);
        m.Leg = leg;
        Unindex(m);
        // Ring-all keeps the caller wanting more agents as they free up or levels open; a sticky
        // offer and every other strategy ring one agent at a time.
        if (isSticky || !_strategy.RingsAll) _wanting.Remove(c);
        if (c.Phase == CallerPhase.Waiting) SetPhase(c, CallerPhase.Trying);
        AgentRef(agent.Agent).Tell(new ReserveAgent(agent.Agent, _queueId, c.CallId, leg.LegId, _settings.SkipBusyAgents));
    }

    private void OnOfferAccepted(OfferAccepted a)
    {
        if (!_legs.TryGetValue(a.LegId, out var leg)) return; // cancelled meanwhile; the agent was told
        if (_members.TryGetValue(a.Agent, out var member)) LearnAgentRef(member);
        var c = leg.Caller;
        leg.Ringing = true;
        leg.AgentSoundId = a.AgentSoundId;
        Command(new Ring(c.CallId, leg.LegId, leg.Agent.Kind, leg.Agent.Id, a.ExtensionId, a.Number,
            a.TimeoutSeconds, c.Number, c.Name, a.ExtraParams));
        var ringTimeout = new RingTimeout(leg.LegId);
        leg.RingTimeoutKey = ringTimeout;
        Timers.StartSingleTimer(ringTimeout, ringTimeout, TimeSpan.FromSeconds(a.TimeoutSeconds));
        Publish(new Offer(Now, _queueId, c.CallId, leg.LegId, leg.Agent));
    }

    private void OnOfferRefused(OfferRefused r)
    {
        if (!_legs.TryGetValue(r.LegId, out var leg)) return;
        if (_members.TryGetValue(r.Agent, out var m))
        {
            LearnAgentRef(m);
            m.Snapshot = r.Snapshot;
            // A refusal from an agent our view thinks is free means the view is stale: wait for news.
            m.AwaitingUpdate = r.Snapshot.IsEligible(_settings.SkipBusyAgents);
            UpdateLoggedIn(m);
        }
        DropLeg(leg);
        Dispatch();
    }

    private void OnOfferRevoked(OfferRevoked r)
    {
        if (!_legs.TryGetValue(r.LegId, out var leg)) return;
        if (leg.Ringing) Command(new CancelRing(leg.Caller.CallId, leg.LegId));
        if (_members.TryGetValue(r.Agent, out var m)) m.AwaitingUpdate = true;
        DropLeg(leg);
        Dispatch();
    }

    private void OnLegEvent(Caller c, LegEvent e)
    {
        if (!_legs.TryGetValue(e.LegId, out var leg) || leg.Caller != c) return;
        if (leg == c.AnsweredLeg)
        {
            if (e.Kind == LegEventKind.Hangup && c.Phase == CallerPhase.Answered) OnAgentHangup(c);
            return;
        }
        if (!leg.Ringing) return; // not rung yet: an event for it is out of order
        switch (e.Kind)
        {
            case LegEventKind.Answered:
                OnAnswered(c, leg);
                break;
            case LegEventKind.Busy:
                FailLeg(leg, LegResult.Busy, cancelRing: false);
                break;
            case LegEventKind.Rejected:
                FailLeg(leg, LegResult.Rejected, cancelRing: false);
                break;
            case LegEventKind.NoAnswer:
                FailLeg(leg, LegResult.NoAnswer, cancelRing: false);
                break;
            default: // failed, or hung up before answering
                FailLeg(leg, LegResult.Failed, cancelRing: false);
                break;
        }
    }

    private void FailLeg(Leg leg, LegResult result, bool cancelRing)
    {
        var c = leg.Caller;
        if (cancelRing) Command(new CancelRing(c.CallId, leg.LegId));
        AgentRef(leg.Agent).Tell(new LegOutcome(leg.Agent, _queueId, leg.LegId, result));
        if (_members.TryGetValue(leg.Agent, out var m)) m.AwaitingUpdate = true;
        var reason = result switch
        {
            LegResult.Busy => OfferFailure.Busy,
            LegResult.Rejected => OfferFailure.Reject,
            LegResult.NoAnswer => OfferFailure.NoAnswer,
            _ => OfferFailure.Failed,
        };
        Publish(new OfferFailed(Now, _queueId, c.CallId, leg.LegId, leg.Agent, reason));
        DropLeg(leg);
        // The agent's new state (idle again, or in a delay) arrives next and dispatches then, so
        // that an agent without a delay can be offered again at once (sequential, ring-all).
        if (!_members.ContainsKey(leg.Agent)) Dispatch();
    }

    /// <summary>Forgets a leg that is over; a caller left with no leg goes back to waiting.</summary>
    private void DropLeg(Leg leg)
    {
        _legs.Remove(leg.LegId);
        if (leg.Ringing) Timers.Cancel(leg.RingTimeoutKey ?? new RingTimeout(leg.LegId)); // only a leg that rang has one
        var c = leg.Caller;
        c.Legs.Remove(leg);
        if (_members.TryGetValue(leg.Agent, out var m) && m.Leg == leg)
        {
            m.Leg = null;
            Reindex(m);
        }
        if (c.Phase == CallerPhase.Trying && c.Legs.Count == 0)
        {
            SetPhase(c, CallerPhase.Waiting);
            _wanting.Add(c);
        }
        else if (c.Phase == CallerPhase.Trying && leg.Sticky)
        {
            _wanting.Add(c); // ring-all: a failed sticky offer lets the other agents in
        }
    }

    /// <summary>Cancels every leg of a caller (answer elsewhere, exit, end).</summary>
    private void CancelLegs(Caller c, Leg? except)
    {
        for (var i = c.Legs.Count - 1; i >= 0; i--)
        {
            var leg = c.Legs[i];
            if (leg == except) continue;
            if (leg.Ringing) Command(new CancelRing(c.CallId, leg.LegId));
            AgentRef(leg.Agent).Tell(new LegOutcome(leg.Agent, _queueId, leg.LegId, LegResult.Cancelled));
            if (_members.TryGetValue(leg.Agent, out var m)) m.AwaitingUpdate = true;
            DropLeg(leg);
        }
    }

    // ================================================================ answer and after

    private void OnAnswered(Caller c, Leg leg)
    {
        var now = Now;
        CancelLegs(c, except: leg);
        c.Legs.Remove(leg);
        c.AnsweredLeg = leg;
        c.AnsweredAt = now;
        if (leg.Ringing) Timers.Cancel(leg.RingTimeoutKey ?? new RingTimeout(leg.LegId)); // only a leg that rang has one
        if (_members.TryGetValue(leg.Agent, out var m) && m.Leg == leg)
        {
            m.Leg = null;
            m.AwaitingUpdate = true;
        }
        _wanting.Remove(c);
        _inQueue.Remove(c);
        CancelWaitTimers(c);
        SetPhase(c, CallerPhase.Answered);
        _engine.Callers.Left(_queueId, c.CallId);
        RememberAgentOfNumber(c.Number, leg.Agent, now);
        AgentRef(leg.Agent).Tell(new LegOutcome(leg.Agent, _queueId, leg.LegId, LegResult.Answered));

        // §2.8, in this order; the gateway executes one call's commands in order.
        var wait = WholeSeconds(now - c.EnteredAt);
        Command(new StopPlayback(c.CallId));
        if (_settings.AgentAnnounceSound is { } announce)
            Command(new Play(c.CallId, NextPlaybackId(), announce, null, PlayTarget.Agent, Loop: false));
        if (_settings.AgentReportWaitTime)
            Command(new SayNumber(c.CallId, leg.LegId, wait));
        if (leg.AgentSoundId is { } agentSound)
            Command(new Play(c.CallId, NextPlaybackId(), agentSound, null, PlayTarget.Both, Loop: false));
        Command(new Bridge(c.CallId, leg.LegId));
        if (_settings.RecordEnabled)
            Command(new Record(c.CallId, leg.LegId));
        Publish(new Answer(now, _queueId, c.CallId, leg.LegId, leg.Agent, wait));
    }

    /// <summary>The conversation is over for the agent: its wrap-up starts.</summary>
    private void EndTalk(Caller c)
    {
        c.TalkEndedAt = Now;
        AgentRef(c.AnsweredLeg!.Agent).Tell(new QueueCallEnded(c.AnsweredLeg.Agent, c.AnsweredLeg.LegId));
    }

    /// <summary>§2.9: the agent hung up first.</summary>
    private void OnAgentHangup(Caller c)
    {
        EndTalk(c);
        switch (_settings.AgentHangupAction)
        {
            case AgentHangupAction.Transfer when _settings.AgentHangupTransferDst is { } dst:
                Command(new Transfer(c.CallId, dst, CallerNameForTransfer(c)));
                End(c, HangupReason.Completed, EndAction.Transfer);
                break;
            case AgentHangupAction.QualityRate when _settings.QualityRateMax > 0:
                SetPhase(c, CallerPhase.Rating);
                c.RatingRequestId = NextRequestId();
                var timeout = _engine.Options.QualityRateTimeoutSeconds;
                Command(new CollectDigits(c.CallId, c.RatingRequestId, _settings.QualityRateSound, _settings.QualityRateMax, timeout));
                StartTimer(c, CallerTimers.Rating, new RatingTimeout(c.CallId), TimeSpan.FromSeconds(timeout));
                break;
            default:
                Command(new Hangup(c.CallId));
                End(c, HangupReason.Completed, EndAction.Hangup);
                break;
        }
    }

    /// <summary>A digit 1..quality_rate_max is stored and thanked for; anything else (or nothing) is not.</summary>
    private void FinishRating(Caller c, string? digits)
    {
        CancelTimer(c, CallerTimers.Rating);
        if (digits is { Length: 1 } && digits[0] >= '1' && digits[0] <= '0' + _settings.QualityRateMax)
        {
            Publish(new QualityRate(Now, _queueId, c.CallId, c.AnsweredLeg!.Agent, digits[0] - '0'));
            if (_settings.QualityRateFinishSound is { } finish)
                Command(new Play(c.CallId, NextPlaybackId(), finish, null, PlayTarget.Caller, Loop: false));
        }
        Command(new Hangup(c.CallId));
        End(c, HangupReason.Completed, EndAction.Hangup);
    }

    // ================================================================ exits and end

    /// <summary>§2.10: a caller leaves while waiting.</summary>
    private void Exit(Caller c, HangupReason reason)
    {
        CancelLegs(c, except: null);
        var action = reason switch
        {
            HangupReason.Abandoned => EndAction.Hangup, // the caller is gone: nothing to send
            HangupReason.Timeout => SendOff(c, _settings.TimeoutTransferDst),
            HangupReason.ExitKey => SendOff(c, _settings.ExitTransferDst),
            _ => SendOff(c, _settings.NoAgentTimeoutTransferDst),
        };
        End(c, reason, action);
    }

    /// <summary>Transfer to the target if set, else voicemail if enabled, else hang up.</summary>
    private EndAction SendOff(Caller c, string? target)
    {
        if (target is not null)
        {
            Command(new Transfer(c.CallId, target, CallerNameForTransfer(c)));
            return EndAction.Transfer;
        }
        if (_settings.VmEnabled)
        {
            Command(new Voicemail(c.CallId, _settings.VmGreeting, _settings.VmMailto, _settings.VmAttachFile));
            return EndAction.Voicemail;
        }
        Command(new Hangup(c.CallId));
        return EndAction.Hangup;
    }

    private string? CallerNameForTransfer(Caller c) =>
        _settings.AppendToCidNameOnTransfer is { } suffix ? (c.Name ?? "") + suffix : c.Name;

    /// <summary>The one and only end of a caller.</summary>
    private void End(Caller c, HangupReason reason, EndAction action)
    {
        var now = Now;
        var answered = c.AnsweredLeg is not null;
        var waitSeconds = WholeSeconds((answered ? c.AnsweredAt : now) - c.EnteredAt);
        var talkSeconds = answered ? WholeSeconds(c.TalkEndedAt - c.AnsweredAt) : 0;
        if (c.AnsweredLeg is { } leg) _legs.Remove(leg.LegId);
        else _engine.Callers.Left(_queueId, c.CallId);
        _callers.Remove(c.CallId);
        _inQueue.Remove(c);
        _wanting.Remove(c);
        CancelWaitTimers(c);
        CancelTimer(c, CallerTimers.Rating);
        SetPhase(c, CallerPhase.Ended);
        Publish(new CallerHangup(now, _queueId, c.CallId, reason, action, waitSeconds, c.AnsweredLeg?.Agent, talkSeconds));
        _engine.GatewayEvents.Tell(new CallFinished(c.CallId));
        Dispatch(); // positions moved; agents may have been freed by the cancelled legs
    }

    private void CancelWaitTimers(Caller c)
    {
        CancelTimer(c, CallerTimers.MaxWait);
        CancelTimer(c, CallerTimers.NoAgent);
        CancelTimer(c, CallerTimers.Announce);
        CancelTimer(c, CallerTimers.Position);
        CancelTimer(c, CallerTimers.Tier);
        CancelTimer(c, CallerTimers.StartSoundGuard);
    }

    /// <summary>Starts a caller's timer (its message is also its key) and remembers that it may be running.</summary>
    private void StartTimer(Caller c, CallerTimers which, object message, TimeSpan delay, bool periodic = false)
    {
        c.Timers |= which;
        if (which == CallerTimers.MaxWait) c.MaxWaitKey = message;
        else if (which == CallerTimers.Announce) c.AnnounceKey = message;
        if (periodic) Timers.StartPeriodicTimer(message, message, delay);
        else Timers.StartSingleTimer(message, message, delay);
    }

    /// <summary>
    /// Cancels a caller's timer if it was started (a timer that already fired is cancelled as a no-op),
    /// so ending a caller does not build keys for timers it never had.
    /// </summary>
    private void CancelTimer(Caller c, CallerTimers which)
    {
        if ((c.Timers & which) == 0) return;
        c.Timers &= ~which;
        Timers.Cancel(which switch
        {
            CallerTimers.MaxWait => c.MaxWaitKey ?? new MaxWaitElapsed(c.CallId),
            CallerTimers.Announce when c.AnnounceKey is { } announce => announce,
            CallerTimers.NoAgent => new NoAgentElapsed(c.CallId),
            CallerTimers.Announce => new AnnounceTick(c.CallId),
            CallerTimers.Position => new PositionTick(c.CallId),
            CallerTimers.Tier => new TierTick(c.CallId),
            CallerTimers.StartSoundGuard => new StartSoundGuard(c.CallId),
            _ => new RatingTimeout(c.CallId),
        });
    }

    private void StartNoAgentTimer(Caller c)
    {
        if (_settings.MaxWaitTimeWithNoAgent > 0)
            StartTimer(c, CallerTimers.NoAgent, new NoAgentElapsed(c.CallId), TimeSpan.FromSeconds(_settings.MaxWaitTimeWithNoAgent));
    }

    // ================================================================ members and agents

    private void OnSetMember(SetMember s)
    {
        var key = s.Membership.Agent;
        if (_members.TryGetValue(key, out var m))
        {
            CountLevel(m, -1);
            m.Membership = s.Membership;
            CountLevel(m, +1);
            Reindex(m);
        }
        else
        {
            m = new Member(s.Membership) { AwaitingJoin = Sender };
            _members.Add(key, m);
            CountLevel(m, +1);
            AgentRef(key).Tell(new JoinedQueue(key, _queueId)); // the agent answers with its state; then the reply
            return;
        }
        Sender.Tell(new MembershipChanged(_queueId, key, true));
        Dispatch();
    }

    private void OnRemoveMember(RemoveMember r)
    {
        if (_members.TryGetValue(r.Agent, out var m))
        {
            if (m.Leg is { } leg)
            {
                // Cancel the ring from this queue; a call in progress is the caller's and continues.
                if (leg.Ringing) Command(new CancelRing(leg.Caller.CallId, leg.LegId));
                AgentRef(leg.Agent).Tell(new LegOutcome(leg.Agent, _queueId, leg.LegId, LegResult.Cancelled));
                DropLeg(leg);
            }
            Unindex(m);
            CountLevel(m, -1);
            _members.Remove(r.Agent);
            AnswerJoin(m);
            AgentRef(r.Agent).Tell(new LeftQueue(r.Agent, _queueId));
            Dispatch();
        }
        Sender.Tell(new MembershipChanged(_queueId, r.Agent, false));
    }

    private void OnAgentStateChanged(AgentStateChanged s)
    {
        if (!_members.TryGetValue(s.Snapshot.Agent, out var m)) return;
        LearnAgentRef(m);
        m.Snapshot = s.Snapshot;
        m.AwaitingUpdate = false;
        UpdateLoggedIn(m);
        Reindex(m);
        AnswerJoin(m);
        Dispatch();
    }

    private void AnswerJoin(Member m)
    {
        if (m.AwaitingJoin is not { } who) return;
        m.AwaitingJoin = null;
        who.Tell(new MembershipChanged(_queueId, m.Membership.Agent, true));
    }

    /// <summary>The agent's actor if it is known, else the agent region (which finds it by entity id).</summary>
    private IActorRef AgentRef(AgentKey agent) => _agentRefs.Get(agent);

    /// <summary>Remembers the sender of the current message as the member's actor if it is that agent's entity.</summary>
    private void LearnAgentRef(Member m)
    {
        if (!m.RefKnown) m.RefKnown = _agentRefs.Learn(m.Membership.Agent, Sender, Context);
    }

    /// <summary>A remembered agent actor stopped: its next incarnation is reached through the region again.</summary>
    private void ForgetAgentRef(IActorRef gone)
    {
        if (_agentRefs.Forget(gone, out var agent) && _members.TryGetValue(agent, out var m)) m.RefKnown = false;
    }

    /// <summary>Puts the member in the strategy's index exactly when our view says it is eligible.</summary>
    private void Reindex(Member m)
    {
        var snap = m.Snapshot;
        var eligible = snap is not null && m.Leg is null && !m.AwaitingUpdate && snap.IsEligible(_settings.SkipBusyAgents);
        if (!eligible)
        {
            Unindex(m);
            return;
        }
        var ms = m.Membership;
        var entry = new EligibleAgent(ms.Agent, ms.Level, ms.Position, snap!.IdleSinceTicks, snap.AnsweredCalls, snap.TalkSeconds);
        if (m.Indexed == entry) return;
        Unindex(m);
        m.Indexed = entry;
        _strategy.Add(entry);
    }

    private void Unindex(Member m)
    {
        if (m.Indexed is null) return;
        _strategy.Remove(m.Indexed);
        m.Indexed = null;
    }

    private void UpdateLoggedIn(Member m)
    {
        var loggedIn = m.Snapshot is { LoggedIn: true, Deleted: false };
        if (loggedIn == m.CountedLoggedIn) return;
        CountLevel(m, -1);
        m.CountedLoggedIn = loggedIn;
        CountLevel(m, +1);
    }

    /// <summary>Adds or removes a member from the level table and the queue's logged-in count.</summary>
    private void CountLevel(Member m, int delta)
    {
        var level = m.Membership.Level;
        _levels.TryGetValue(level, out var counts);
        var loggedInDelta = m.CountedLoggedIn ? delta : 0;
        counts = (counts.Members + delta, counts.LoggedIn + loggedInDelta);
        if (counts.Members == 0) _levels.Remove(level);
        else _levels[level] = counts;
        _levelInfos = null;
        if (loggedInDelta != 0) ChangeLoggedIn(loggedInDelta);
    }

    /// <summary>§2.10 no_agent_timeout counts from the moment the last agent logged out.</summary>
    private void ChangeLoggedIn(int delta)
    {
        var before = _loggedIn;
        _loggedIn += delta;
        if (before > 0 && _loggedIn == 0)
            foreach (var c in _inQueue) StartNoAgentTimer(c);
        else if (before == 0 && _loggedIn > 0)
            foreach (var c in _inQueue) CancelTimer(c, CallerTimers.NoAgent);
    }

    private void OnConfigure(ConfigureQueue q)
    {
        var old = _settings;
        _settings = q.Settings;
        if (_settings.TrySameAgentTime <= 0)
        {
            _lastAgentOfNumber.Clear();
            _answersInOrder.Clear();
        }
        if (old.Strategy != _settings.Strategy)
        {
            _strategy = StrategyFactory.Create(_settings.Strategy, SeedFor(_queueId));
            foreach (var m in _members.Values) m.Indexed = null;
        }
        foreach (var m in _members.Values) Reindex(m);
        Sender.Tell(new QueueConfigured(_queueId));
        if (!_recovered) RecoverCallers(); // the first configuration after a (re)start
        Dispatch();
    }

    // ================================================================ counters, ids, output

    private void SetPhase(Caller c, CallerPhase phase)
    {
        CountPhase(c.Phase, -1);
        c.Phase = phase;
        CountPhase(phase, +1);
    }

    private void CountPhase(CallerPhase phase, int delta)
    {
        switch (phase)
        {
            case CallerPhase.StartSound:
            case CallerPhase.Waiting:
                _waiting += delta;
                break;
            case CallerPhase.Trying:
                _trying += delta;
                break;
            case CallerPhase.Answered:
                _answered += delta;
                break;
            default:
                return;
        }
        _statusDirty = true;
    }

    private QueueStatus Status() => new(_queueId, _waiting, _trying, _answered);

    private QueueSnapshot Snapshot() => new(
        _queueId, _settings, Status(),
        _members.Values.Select(m => m.Membership).OrderBy(m => new MemberOrder(m.Level, m.Position, m.Agent)).ToList(),
        _inQueue.Select(c => c.CallId).ToList(),
        _members.Values.Where(m => m.Indexed is not null).Select(m => m.Membership.Agent).OrderBy(a => a).ToList(),
        _legs.Count);

    private string NextLegId() => $"{_queueId}-{_engine.Options.IdTag}L{++_legSeq}";
    private string NextPlaybackId() => $"{_queueId}-{_engine.Options.IdTag}P{++_playbackSeq}";
    private string NextRequestId() => $"{_queueId}-{_engine.Options.IdTag}R{++_requestSeq}";

    private static int WholeSeconds(TimeSpan t) => (int)Math.Max(0, Math.Floor(t.TotalSeconds));

    private void Command(IGatewayCommand command) => _engine.Gateway.Tell(command);

    private void Publish(EngineEvent e)
    {
        _engine.Options.EventSink?.Invoke(e);
        if (_engine.Options.PublishEvents) Context.System.EventStream.Publish(e);
    }
}
