using Akka.Actor;
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
        app.MapGet("/readyz", Ready)
            .WithTags("Health").WithSummary("Readiness: storage and engine ready (503 otherwise)")
            .Produces<ReadinessResponse>()
            .Produces<ReadinessResponse>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary>The health checks' report: <c>ready</c> when every check is healthy.</summary>
    public sealed record ReadinessResponse(string Status, IReadOnlyDictionary<string, ReadinessCheck> Checks);

    public sealed record ReadinessCheck(string Status, string? Description);

    private static async Task<IResult> Ready(HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(ct);
        var healthy = report.Status == HealthStatus.Healthy;
        var body = new ReadinessResponse(healthy ? "ready" : "not_ready", report.Entries.ToDictionary(
            e => e.Key, e => new ReadinessCheck(e.Value.Status.ToString().ToLowerInvariant(), e.Value.Description)));
        return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
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
