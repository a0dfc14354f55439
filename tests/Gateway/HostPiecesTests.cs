using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Host.Events;
using QueueEngine.Host.Gateway;
using QueueEngine.Host.Setup;
using QueueEngine.Telemetry;

namespace QueueEngine.Tests.Gateway;

/// <summary>The host's pieces on their own: the slow-client policy of event streams, the issued-id view, the dispatch latency.</summary>
public sealed class HostPiecesTests
{
    [Fact]
    public async Task A_slow_client_loses_its_oldest_unread_events_and_the_ids_show_the_gap()
    {
        var streams = new ClientEventStreams(Options.Create(new EventStreamOptions { BufferSize = 3 }), NullLogger<ClientEventStreams>.Instance);
        using var slow = streams.Subscribe(7);
        using var other = streams.Subscribe(8);
        Assert.True(streams.Any);
        Assert.Single(streams.Of(7));
        for (var i = 1; i <= 5; i++)
            foreach (var s in streams.Of(7)) s.Write(new ClientEventItem(i, "dial-in", "{}"));
        Assert.Equal(2, slow.Dropped);
        var read = new List<long>();
        while (slow.Reader.TryRead(out var item)) read.Add(item.Id);
        Assert.Equal(new long[] { 3, 4, 5 }, read);
        Assert.False(other.Reader.TryRead(out _)); // another client's connection got nothing
        slow.Dispose();
        Assert.Empty(streams.Of(7));
        Assert.False(await slow.Reader.WaitToReadAsync()); // the connection's reader ends
    }

    [Fact]
    public void Issued_ids_are_known_until_the_engine_is_done_with_them()
    {
        var calls = new GatewayCalls(NullLogger<GatewayCalls>.Instance);
        LegEvent Leg(string leg) => new("c1", leg, LegEventKind.Answered);
        Assert.NotNull(calls.UnknownId(Leg("q-1-L1")));
        calls.OnCommand(new Ring("c1", "q-1-L1", AgentKind.Local, 1, 5, null, 30, "+1", null, null));
        calls.OnCommand(new Ring("c1", "q-1-L2", AgentKind.Local, 2, 6, null, 30, "+1", null, null));
        calls.OnCommand(new Play("c1", "q-1-P1", 3, null, PlayTarget.Caller, false));
        calls.OnCommand(new CollectDigits("c1", "q-1-R1", null, 5, 10));
        Assert.Null(calls.UnknownId(Leg("q-1-L1")));
        Assert.Null(calls.UnknownId(new PlaybackFinished("c1", "q-1-P1")));
        Assert.Null(calls.UnknownId(new DigitsCollected("c1", "q-1-R1", "1")));
        Assert.NotNull(calls.UnknownId(new PlaybackFinished("c1", "q-1-P2")));
        Assert.NotNull(calls.UnknownId(new LegEvent("c2", "q-1-L1", LegEventKind.Busy))); // another call's

        calls.OnCommand(new CancelRing("c1", "q-1-L1"));
        Assert.NotNull(calls.UnknownId(Leg("q-1-L1")));
        calls.OnEngineEvent(new OfferFailed(default, 1, "c1", "q-1-L2", AgentKey.Local(2), OfferFailure.Busy));
        Assert.NotNull(calls.UnknownId(Leg("q-1-L2")));
        Assert.False(calls.HasEnded("c1"));
        calls.OnCommand(new Transfer("c1", "333", null));
        Assert.True(calls.HasEnded("c1"));
        Assert.Equal(0, calls.Count);
    }

    [Fact]
    public void The_first_ring_of_a_call_that_entered_over_http_records_the_dispatch_latency_once()
    {
        const long queue = 987_654_321;
        var recorded = new List<double>();
        // Read before the listener starts: the telemetry class's instruments must exist when Start()
        // publishes them, not be created from inside its callback.
        var latency = QueueEngineTelemetry.DispatchLatency;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == latency) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "queue" && tag.Value is long q && q == queue)
                    lock (recorded) recorded.Add(value);
        });
        listener.Start();

        var calls = new GatewayCalls(NullLogger<GatewayCalls>.Instance);
        calls.Entering("lat-1", queue, Stopwatch.GetTimestamp());
        calls.OnCommand(new Play("lat-1", null, null, Tones.Music, PlayTarget.Caller, true));
        calls.OnCommand(new Ring("lat-1", "x-L1", AgentKind.Local, 1, 5, null, 30, "+1", null, null));
        calls.OnCommand(new Ring("lat-1", "x-L2", AgentKind.Local, 2, 5, null, 30, "+1", null, null));
        calls.OnCommand(new Ring("recovered", "x-L3", AgentKind.Local, 3, 5, null, 30, "+1", null, null)); // never entered over HTTP
        lock (recorded)
        {
            var ms = Assert.Single(recorded);
            Assert.InRange(ms, 0, 60_000);
        }
    }

    [Fact]
    public void The_memory_of_live_calls_is_bounded()
    {
        var calls = new GatewayCalls(NullLogger<GatewayCalls>.Instance, capacity: 3);
        for (var i = 0; i < 5; i++) calls.OnCommand(new Ring($"c{i}", $"L{i}", AgentKind.Local, 1, 5, null, 30, "+1", null, null));
        Assert.Equal(3, calls.Count);
        Assert.NotNull(calls.UnknownId(new LegEvent("c0", "L0", LegEventKind.Busy)));
        Assert.Null(calls.UnknownId(new LegEvent("c4", "L4", LegEventKind.Busy)));
    }
}
