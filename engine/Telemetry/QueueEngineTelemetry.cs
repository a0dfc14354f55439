using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace QueueEngine.Telemetry;

/// <summary>
/// The project's own OpenTelemetry sources: one <see cref="Meter"/> and one
/// <see cref="ActivitySource"/>, both named <see cref="Name"/>. The host registers them with the
/// OpenTelemetry SDK; without a listener they cost next to nothing.
/// </summary>
public static class QueueEngineTelemetry
{
    public const string Name = "QueueEngine";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>Callers that entered a queue (dial-in), by queue.</summary>
    public static readonly Counter<long> CallsEntered =
        Meter.CreateCounter<long>("queueengine.calls.entered", "{call}", "Callers that entered a queue");

    /// <summary>Callers that ended, by queue, reason (completed, timeout, abandoned, …) and action.</summary>
    public static readonly Counter<long> CallsEnded =
        Meter.CreateCounter<long>("queueengine.calls.ended", "{call}", "Callers that left a queue, by reason and action");

    /// <summary>Rings that did not end in an answer, by queue and failure.</summary>
    public static readonly Counter<long> OffersFailed =
        Meter.CreateCounter<long>("queueengine.offers.failed", "{offer}", "Agent rings that failed, by reason");

    /// <summary>Seconds from entry to answer (answered callers) or to leaving (the others).</summary>
    public static readonly Histogram<double> WaitTime =
        Meter.CreateHistogram<double>("queueengine.call.wait_time", "s", "Time callers waited in the queue");

    /// <summary>Wall-clock milliseconds from a call entering through the gateway to its first ring command.</summary>
    public static readonly Histogram<double> DispatchLatency =
        Meter.CreateHistogram<double>("queueengine.dispatch.latency", "ms", "From call.entered to the first ring command");
}
