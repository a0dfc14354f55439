using Akka.Actor;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using QueueEngine.Telemetry;

namespace QueueEngine.Host.Setup;

public static class TelemetrySetup
{
    /// <summary>
    /// OpenTelemetry through the project's own Meter and ActivitySource (plus ASP.NET Core's):
    /// metrics are scraped by Prometheus at <c>/metrics</c>; metrics and traces go out over
    /// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (traces only then: without an exporter
    /// nothing records them). The standard OTEL_* variables apply.
    /// </summary>
    public static IServiceCollection AddQueueEngineTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("queue-engine"))
            .WithMetrics(m =>
            {
                // The runtime's own meter too (GC collections and pause time, thread pool, CPU):
                // the gateway's tail latency follows the GC's pauses (README, Performance).
                m.AddMeter(QueueEngineTelemetry.Name, "System.Runtime")
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp) m.AddOtlpExporter();
            });
        // Traces only where they go somewhere: without an exporter every request and caller would
        // still build its activities (about 5 % of what the gateway allocates) for nobody.
        if (otlp)
            telemetry.WithTracing(t => t.AddSource(QueueEngineTelemetry.Name).AddAspNetCoreInstrumentation().AddOtlpExporter());
        // The listener that turns engine events into metrics and traces; started with the ActorSystem.
        services.AddHostedService<TelemetryListenerStarter>();
        return services;
    }

    /// <summary>The Prometheus scrape endpoint, open like the health probes (no key, no rate limit).</summary>
    public static WebApplication MapQueueEngineTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().DisableRateLimiting();
        return app;
    }

    private sealed class TelemetryListenerStarter(ActorSystem system) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            system.StartTelemetry();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
