using System.Diagnostics;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Telemetry;

namespace QueueEngine.Host.Gateway;

/// <summary>
/// The host's view of the ids the engine issued to the gateway for each live call (legs, playbacks,
/// digit requests), so that an event naming an id the engine never issued, or is done with, is
/// answered 404 instead of being dropped in silence; and the moment each call entered over HTTP,
/// for the dispatch latency (call.entered received → first ring command).
/// <para>
/// Ids are added by the gateway actor before the command reaches the stream, so a gateway can never
/// name an id that is not here yet; they are removed only after the engine is done with them
/// (a cancel_ring, an offer-failed event, the caller's hangup event) or has surely taken an event
/// that ends them (the gateway's final outcome of a leg, its call.hangup). So the view holds every
/// id the engine would still act on: it never refuses an event the engine would take. Calls that
/// ended are remembered (the last 100 000), so their late events are refused at once. Thread-safe;
/// at most <c>capacity</c> live calls (the oldest is forgotten, with a warning).
/// </para>
/// </summary>
public sealed class GatewayCalls(ILogger<GatewayCalls> log, int capacity = 200_000)
{
    private sealed class Call(string callId)
    {
        public string CallId { get; } = callId;
        public long QueueId;
        /// <summary>Stopwatch timestamp of call.entered, until the first ring (or the call leaves).</summary>
        public long? EnteredAt;
        public readonly HashSet<string> Legs = new(StringComparer.Ordinal);
        public readonly HashSet<string> Playbacks = new(StringComparer.Ordinal);
        public readonly HashSet<string> Requests = new(StringComparer.Ordinal);
    }

    private const int EndedMemory = 100_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Call>> _calls = new(StringComparer.Ordinal);
    private readonly LinkedList<Call> _order = new(); // oldest first
    // Calls known to have ended (the last 100 000): their events are refused at once.
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private readonly Queue<string> _endedOrder = new();

    public int Count
    {
        get { lock (_gate) return _calls.Count; }
    }

    /// <summary>A call.entered arrived over HTTP (before it is routed): the dispatch latency starts.</summary>
    public void Entering(string callId, long queueId, long timestamp)
    {
        lock (_gate)
        {
            var call = GetOrAdd(callId);
            if (call.EnteredAt is null && call.Legs.Count == 0 && call.QueueId == 0)
            {
                call.QueueId = queueId;
                call.EnteredAt = timestamp;
            }
        }
    }

    /// <summary>The call.entered was refused: forget the call if nothing was issued for it.</summary>
    public void EnterRefused(string callId)
    {
        lock (_gate)
        {
            if (_calls.TryGetValue(callId, out var node) && node.Value is { Legs.Count: 0, Playbacks.Count: 0, Requests.Count: 0 })
                Remove(node);
        }
    }

    /// <summary>A command is about to go to the gateway.</summary>
    public void OnCommand(IGatewayCommand command)
    {
        double? latencyMs = null;
        long queueId = 0;
        lock (_gate)
        {
            switch (command)
            {
                case Ring ring:
                {
                    var call = GetOrAdd(ring.CallId);
                    call.Legs.Add(ring.LegId);
                    if (call.EnteredAt is { } entered)
                    {
                        latencyMs = Stopwatch.GetElapsedTime(entered).TotalMilliseconds;
                        queueId = call.QueueId;
                        call.EnteredAt = null;
                    }
                    break;
                }
                case CancelRing cancel:
                    if (_calls.TryGetValue(cancel.CallId, out var c)) c.Value.Legs.Remove(cancel.LegId);
                    break;
                case Play { PlaybackId: { } playback } play:
                    GetOrAdd(play.CallId).Playbacks.Add(playback);
                    break;
                case CollectDigits collect:
                    GetOrAdd(collect.CallId).Requests.Add(collect.RequestId);
                    break;
                case Transfer or Voicemail or Hangup:
                    Ended(command.CallId); // the engine sends these only when the caller leaves the queue
                    break;
            }
        }
        if (latencyMs is { } ms)
            QueueEngineTelemetry.DispatchLatency.Record(ms, new KeyValuePair<string, object?>("queue", queueId));
    }

    /// <summary>The engine is done with a leg (offer-failed) or a whole call (hangup).</summary>
    public void OnEngineEvent(EngineEvent e)
    {
        switch (e)
        {
            case OfferFailed failed:
                lock (_gate)
                    if (_calls.TryGetValue(failed.CallId, out var c)) c.Value.Legs.Remove(failed.LegId);
                break;
            case CallerHangup hangup:
                lock (_gate) Ended(hangup.CallId);
                break;
        }
    }

    /// <summary>The engine took the gateway's <c>call.hangup</c>: the caller ends there, whatever its state.</summary>
    public void HungUp(string callId)
    {
        lock (_gate) Ended(callId);
    }

    /// <summary>The engine took a leg's final outcome from the gateway (anything but an answer): the leg is over.</summary>
    public void LegOver(string callId, string legId)
    {
        lock (_gate)
            if (_calls.TryGetValue(callId, out var c)) c.Value.Legs.Remove(legId);
    }

    /// <summary>Whether the call is known to have ended (its hangup event, a hangup, transfer or voicemail command, or the gateway's call.hangup).</summary>
    public bool HasEnded(string callId)
    {
        lock (_gate) return _ended.Contains(callId);
    }

    /// <summary>Why the event names an id the engine did not issue for that call or is done with; null if it does not.</summary>
    public string? UnknownId(IGatewayEvent e)
    {
        lock (_gate)
        {
            _calls.TryGetValue((e as ICallEvent)?.CallId ?? "", out var node);
            var call = node?.Value;
            return e switch
            {
                LegEvent leg when call is null || !call.Legs.Contains(leg.LegId) =>
                    $"leg {leg.LegId} of call {leg.CallId} is unknown or over",
                PlaybackFinished p when call is null || !call.Playbacks.Contains(p.PlaybackId) =>
                    $"playback {p.PlaybackId} of call {p.CallId} is unknown or over",
                DigitsCollected d when call is null || !call.Requests.Contains(d.RequestId) =>
                    $"digit request {d.RequestId} of call {d.CallId} is unknown or over",
                _ => null,
            };
        }
    }

    private Call GetOrAdd(string callId)
    {
        if (_calls.TryGetValue(callId, out var node)) return node.Value;
        var call = new Call(callId);
        _calls[callId] = _order.AddLast(call);
        if (_calls.Count > capacity && _order.First is { } oldest)
        {
            log.LogWarning("More than {Capacity} live calls: forgetting the ids issued for call {CallId}", capacity, oldest.Value.CallId);
            Remove(oldest);
        }
        return call;
    }

    private void Ended(string callId)
    {
        if (_calls.TryGetValue(callId, out var node)) Remove(node);
        if (!_ended.Add(callId)) return;
        _endedOrder.Enqueue(callId);
        if (_endedOrder.Count > EndedMemory) _ended.Remove(_endedOrder.Dequeue());
    }

    private void Remove(LinkedListNode<Call> node)
    {
        _calls.Remove(node.Value.CallId);
        _order.Remove(node);
    }
}
