using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QueueEngine.Host.Engine;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Api;

/// <summary>
/// <c>/healthz</c>: the process is alive. <c>/readyz</c>: the store answers and the engine has
/// loaded the stored configuration (503 until then). Neither needs a key or counts against a limit.
/// </summary>
public static class HealthApi
{
    public static IServiceCollection AddQueueEngineHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage")
            .AddCheck<EngineHealthCheck>("engine");
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "alive" }))
            .WithTags("Health").WithSummary("Liveness: the process answers")
            .AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { ResponseWriter = WriteReport })
            .WithTags("Health").WithSummary("Readiness: storage and engine ready (503 otherwise)")
            .AllowAnonymous().DisableRateLimiting();
        return app;
    }

    private static Task WriteReport(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status == HealthStatus.Healthy ? "ready" : "not_ready",
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description }),
        }));
    }

    private sealed class StorageHealthCheck(ConfigStore store) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(store.IsHealthy()
                ? HealthCheckResult.Healthy("the database answers")
                : HealthCheckResult.Unhealthy("the database does not answer"));
    }

    private sealed class EngineHealthCheck(EngineReadiness readiness, ActorSystem system) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(
                system.WhenTerminated.IsCompleted ? HealthCheckResult.Unhealthy("the actor system has stopped")
                : !readiness.Loaded ? HealthCheckResult.Unhealthy("the stored configuration is not loaded yet")
                : HealthCheckResult.Healthy("the engine has the stored configuration"));
    }
}
