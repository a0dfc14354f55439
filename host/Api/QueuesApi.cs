using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QueueEngine.Domain;
using QueueEngine.Host.Engine;
using QueueEngine.Host.Setup;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Api;

/// <summary>Queue settings (QUEUE-SPEC §1.1) and queue status (§1.2) of a queue extension.</summary>
public static class QueuesApi
{
    public static IEndpointRouteBuilder MapQueuesApi(this IEndpointRouteBuilder app)
    {
        var queue = app.MapGroup("/extension/{extension_id:long}/queue").WithTags("Queues");
        queue.MapGet("/", Get)
            .WithSummary("Get the queue's settings")
            .Produces<QueueSettingsDoc>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        queue.MapPut("/", Update)
            .WithSummary("Change the queue's settings (partial update; null resets a field to its default)")
            .Accepts<QueueSettingsDoc>("application/json")
            .Produces<QueueSettingsDoc>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        queue.MapGet("/status/", Status)
            .WithSummary("Current callers: answered, trying and waiting")
            .Produces<QueueStatusResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static IResult Get([FromRoute(Name = "extension_id")] long extensionId, ClaimsPrincipal user, ConfigStore store) =>
        store.Read(s => s.VisibleQueue(user, extensionId) is not null ? s.FindQueueSettings(extensionId) : null) is { } settings
            ? TypedResults.Ok(QueueSettingsValidator.ToJson(settings))
            : Problems.NotFound($"Queue {extensionId}");

    private static async Task<IResult> Update(
        [FromRoute(Name = "extension_id")] long extensionId, HttpRequest request, ClaimsPrincipal user, ConfigStore store,
        EngineClient engine, IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct)
    {
        var (body, error) = await RequestJson.ReadAsync(request, options.Value.MaxJsonBytes, ct);
        if (error is not null) return error;
        return await store.WriteAsync<IResult>(async tx =>
        {
            if (tx.VisibleQueue(user, extensionId) is not { } queue || tx.FindQueueSettings(extensionId) is not { } current)
                return Problems.NotFound($"Queue {extensionId}");
            var result = QueueSettingsValidator.Apply(current, body, sound => tx.SoundExists(queue.ClientId, sound));
            if (!result.IsValid) return Problems.Validation(result.Errors);
            tx.UpdateQueue(extensionId, result.Value);
            tx.Commit();
            await engine.ConfigureQueueAsync(extensionId, result.Value);
            log.LogInformation("Queue {QueueId} settings changed (strategy {Strategy})", extensionId, StrategyNames.ToWire(result.Value.Strategy));
            return TypedResults.Ok(QueueSettingsValidator.ToJson(result.Value));
        }, ct);
    }

    private static async Task<IResult> Status(
        [FromRoute(Name = "extension_id")] long extensionId, ClaimsPrincipal user, ConfigStore store, EngineClient engine,
        CancellationToken ct)
    {
        if (store.Read(s => s.VisibleQueue(user, extensionId)) is null) return Problems.NotFound($"Queue {extensionId}");
        var status = await engine.GetQueueStatusAsync(extensionId, ct);
        return TypedResults.Ok(new QueueStatusResponse(status.Answered, status.Trying, status.Waiting));
    }
}
