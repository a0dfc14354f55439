using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Actor;
using QueueEngine.Events;

namespace QueueEngine.Telemetry;

/// <summary>
/// Turns the engine's events into OpenTelemetry metrics and one trace per caller (from dial-in to
/// hangup, with the offers and the answer as span events). It listens on the EventStream, so the
/// queue and agent actors stay free of telemetry code. Times come from the events, i.e. from the
/// engine's clock.
/// </summary>
public sealed class TelemetryListener : ReceiveActor
{
    private readonly Dictionary<string, Activity> _calls = new();
    private readonly TelemetryState _state;

    public TelemetryListener(TelemetryState state)
    {
        _state = state;
        Receive<DialIn>(OnDialIn);
        Receive<Offer>(o => AddEvent(o.CallId, "offer", o.Time, ("agent", o.Agent.EntityId), ("leg_id", o.LegId)));
        Receive<OfferFailed>(OnOfferFailed);
        Receive<Answer>(OnAnswer);
        Receive<CallerHangup>(OnHangup);
        Receive<QueueStatusChanged>(s => _state.Queues[s.ExtensionId] = s);
        Receive<AgentStateReported>(a => _state.SetAgent(a));
        Receive<AgentLogin>(_ => { });
        Receive<AgentLogout>(_ => { });
    }

    public static Props Props(TelemetryState state) => Akka.Actor.Props.Create(typeof(TelemetryListener), state);

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    private void OnDialIn(DialIn d)
    {
        QueueEngineTelemetry.CallsEntered.Add(1, Tag("queue", d.ExtensionId));
        var previous = Activity.Current;
        Activity.Current = null; // a caller's trace is a root of its own, not a child of whatever ran before
        var activity = QueueEngineTelemetry.ActivitySource.StartActivity("queue.call", ActivityKind.Internal, default(ActivityContext),
            [Tag("queue.extension_id", d.ExtensionId), Tag("call.id", d.CallId), Tag("caller.number", d.CallerNumber)],
            startTime: d.Time);
        Activity.Current = previous;
        if (activity is not null) _calls[d.CallId] = activity;
    }

    private void OnOfferFailed(OfferFailed f)
    {
        QueueEngineTelemetry.OffersFailed.Add(1, Tag("queue", f.ExtensionId), Tag("reason", f.Reason.ToWire()));
        AddEvent(f.CallId, "offer-failed", f.Time, ("agent", f.Agent.EntityId), ("reason", f.Reason.ToWire()));
    }

    private void OnAnswer(Answer a)
    {
        QueueEngineTelemetry.WaitTime.Record(a.WaitSeconds, Tag("queue", a.ExtensionId), Tag("answered", true));
        AddEvent(a.CallId, "answer", a.Time, ("agent", a.Agent.EntityId), ("wait_seconds", a.WaitSeconds));
    }

    private void OnHangup(CallerHangup h)
    {
        QueueEngineTelemetry.CallsEnded.Add(1, Tag("queue", h.ExtensionId), Tag("reason", h.Reason.ToWire()), Tag("action", h.Action.ToWire()));
        if (h.Agent is null)
            QueueEngineTelemetry.WaitTime.Record(h.WaitSeconds, Tag("queue", h.ExtensionId), Tag("answered", false));
        if (!_calls.Remove(h.CallId, out var activity)) return;
        activity.SetTag("call.reason", h.Reason.ToWire());
        activity.SetTag("call.action", h.Action.ToWire());
        activity.SetTag("call.wait_seconds", h.WaitSeconds);
        activity.SetEndTime(h.Time.UtcDateTime);
        var previous = Activity.Current;
        activity.Stop();
        Activity.Current = previous;
    }

    private void AddEvent(string callId, string name, DateTimeOffset time, params (string Key, object? Value)[] tags)
    {
        if (!_calls.TryGetValue(callId, out var activity)) return;
        var tagList = new ActivityTagsCollection();
        foreach (var (key, value) in tags) tagList[key] = value;
        activity.AddEvent(new ActivityEvent(name, time, tagList));
    }
}

public static class TelemetryWiring
{
    /// <summary>Starts the listener and subscribes it to every engine event.</summary>
    public static IActorRef StartTelemetry(this ActorSystem system, string? dispatcher = null)
    {
        var props = TelemetryListener.Props(TelemetryState.Shared);
        var listener = system.ActorOf(dispatcher is null ? props : props.WithDispatcher(dispatcher), "queue-engine-telemetry");
        system.EventStream.Subscribe(listener, typeof(EngineEvent));
        return listener;
    }
}

/// <summary>
/// What the observable gauges read: the latest counters of each queue. One per process, because
/// the gauges are registered once on the process-wide meter.
/// </summary>
public sealed class TelemetryState
{
    public static readonly TelemetryState Shared = new();

    public ConcurrentDictionary<long, QueueStatusChanged> Queues { get; } = new();

    /// <summary>Each agent's last reported state (logged_out, idle, ringing, in_call, wrap_up, delayed).</summary>
    public ConcurrentDictionary<Domain.AgentKey, string> Agents { get; } = new();

    public void SetAgent(AgentStateReported a)
    {
        if (a.Deleted) Agents.TryRemove(a.Agent, out _);
        else Agents[a.Agent] = !a.LoggedIn ? "logged_out" : a.Live switch
        {
            QueueEngine.Agents.AgentLiveState.Idle => "idle",
            QueueEngine.Agents.AgentLiveState.Ringing => "ringing",
            QueueEngine.Agents.AgentLiveState.InCall => "in_call",
            QueueEngine.Agents.AgentLiveState.WrapUp => "wrap_up",
            _ => "delayed",
        };
    }

    private static readonly string[] AgentStates = ["logged_out", "idle", "ringing", "in_call", "wrap_up", "delayed"];

    private IEnumerable<Measurement<long>> MeasureAgents()
    {
        var counts = Agents.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.LongCount());
        return AgentStates.Select(s => new Measurement<long>(counts.GetValueOrDefault(s), new KeyValuePair<string, object?>("state", s)));
    }

    /// <summary>Registers the per-queue gauges (waiting / trying / answered callers) on the project's meter.</summary>
    private TelemetryState()
    {
        QueueEngineTelemetry.Meter.CreateObservableGauge("queueengine.callers.waiting", () => Measure(s => s.Waiting), "{caller}", "Callers waiting, per queue");
        QueueEngineTelemetry.Meter.CreateObservableGauge("queueengine.callers.trying", () => Measure(s => s.Trying), "{caller}", "Callers with an agent ringing, per queue");
        QueueEngineTelemetry.Meter.CreateObservableGauge("queueengine.agents", MeasureAgents, "{agent}", "Agents by state");
        QueueEngineTelemetry.Meter.CreateObservableGauge("queueengine.callers.answered", () => Measure(s => s.Answered), "{caller}", "Callers talking to an agent, per queue");
    }

    private IEnumerable<Measurement<long>> Measure(Func<QueueStatusChanged, int> value) =>
        Queues.Values.Select(s => new Measurement<long>(value(s), new KeyValuePair<string, object?>("queue", s.ExtensionId)));
}
