using System.Diagnostics;
using System.Diagnostics.Metrics;
using QueueEngine.Clock;
using QueueEngine.Domain;
using QueueEngine.Gateway;
using QueueEngine.Telemetry;
using QueueEngine.Tests.Support;

namespace QueueEngine.Tests.Telemetry;

/// <summary>The engine's events become the project's metrics and one trace per caller.</summary>
public sealed class TelemetryListenerTests : EngineTestKit, IDisposable
{
    private const long Q = 4242; // unique to this class: listeners are process-wide
    private readonly List<Activity> _stopped = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public TelemetryListenerTests()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == QueueEngineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (_stopped) _stopped.Add(a); },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (i, l) => { if (i.Meter.Name == QueueEngineTelemetry.Name) l.EnableMeasurementEvents(i); };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _meters.Start();
        Sys.StartTelemetry(SynchronousDispatcher.Id);
    }

    private void Record(Instrument i, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dict = new Dictionary<string, object?>();
        foreach (var t in tags) dict[t.Key] = t.Value;
        if (!Equals(dict.GetValueOrDefault("queue"), Q)) return;
        lock (_measurements) _measurements.Add((i.Name, value, dict));
    }

    [Fact]
    public void A_call_produces_a_trace_from_dial_in_to_hangup_and_its_metrics()
    {
        Queue(Q);
        var a = Agent(1);
        Member(Q, a);
        Enter("t1", Q);
        Leg(Sent<Ring>().Single().LegId, LegEventKind.Busy);
        Advance(9);
        AnswerBy(a);
        Advance(60);
        Send(new CallHangup("t1"));

        var trace = Assert.Single(_stopped, x => Equals(x.GetTagItem("call.id"), "t1"));
        Assert.Equal("queue.call", trace.OperationName);
        Assert.Equal(TimeSpan.FromSeconds(69), trace.Duration);
        Assert.Equal(VirtualTimeScheduler.Epoch.UtcDateTime, trace.StartTimeUtc);
        Assert.Equal(new[] { "offer", "offer-failed", "offer", "answer" }, trace.Events.Select(e => e.Name));
        Assert.Equal("completed", trace.GetTagItem("call.reason"));

        Assert.Contains(_measurements, m => m.Instrument == "queueengine.calls.entered" && m.Value == 1);
        Assert.Contains(_measurements, m => m.Instrument == "queueengine.offers.failed" && Equals(m.Tags["reason"], "busy"));
        Assert.Contains(_measurements, m => m.Instrument == "queueengine.call.wait_time" && m.Value == 9 && Equals(m.Tags["answered"], true));
        Assert.Contains(_measurements, m => m.Instrument == "queueengine.calls.ended" && Equals(m.Tags["reason"], "completed") && Equals(m.Tags["action"], "hangup"));
    }

    [Fact]
    public void Queue_gauges_report_the_latest_counters()
    {
        Queue(Q);
        Member(Q, Agent(1));
        Enter("t2", Q);
        Enter("t3", Q);
        _meters.RecordObservableInstruments();
        Assert.Contains(_measurements, m => m.Instrument == "queueengine.callers.waiting" && m.Value == 1);
        Assert.Contains(_measurements, m => m.Instrument == "queueengine.callers.trying" && m.Value == 1);
        Send(new CallHangup("t2"));
        Send(new CallHangup("t3"));
    }

    [Fact]
    public void Agents_are_counted_by_state()
    {
        Queue(Q);
        var a = Agent(4201);
        Member(Q, a);
        Enter("t4", Q);
        Assert.Equal("ringing", TelemetryState.Shared.Agents[a]);
        AnswerBy(a);
        Assert.Equal("in_call", TelemetryState.Shared.Agents[a]);
        Send(new CallHangup("t4"));
        Assert.Equal("idle", TelemetryState.Shared.Agents[a]);
        Login(a, false);
        Assert.Equal("logged_out", TelemetryState.Shared.Agents[a]);
        var seen = new List<(string State, long Count)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Name == "queueengine.agents") l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((_, v, tags, _) => { foreach (var t in tags) if (t.Key == "state") seen.Add(((string)t.Value!, v)); });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Contains(seen, s => s.State == "logged_out" && s.Count >= 1);
        Assert.Equal(6, seen.Select(s => s.State).Distinct().Count());
    }

    void IDisposable.Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
        base.Dispose();
    }
}
