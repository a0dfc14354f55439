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
    /// metrics are scraped by Prometheus at <c>/metrics</c>; metrics and traces also go out over
    /// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OTEL_* variables apply).
    /// </summary>
    public static IServiceCollection AddQueueEngineTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("queue-engine"))
            .WithMetrics(m =>
            {
                m.AddMeter(QueueEngineTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp) m.AddOtlpExporter();
            })
            .WithTracing(t =>
            {
                t.AddSource(QueueEngineTelemetry.Name)
                    .AddAspNetCoreInstrumentation();
                if (otlp) t.AddOtlpExporter();
            });
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
