using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QueueEngine.Domain;
using QueueEngine.Host.Engine;
using QueueEngine.Host.Setup;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Api;

/// <summary>
/// Extensions (QUEUE-SPEC §1.5): <c>phone</c> extensions are what local agents ring; creating a
/// <c>queue</c> extension creates its queue with default settings, deleting it removes the queue
/// (409 while callers are in it).
/// </summary>
public static class ExtensionsApi
{
    public const string ActiveStatus = "active";

    public static IEndpointRouteBuilder MapExtensionsApi(this IEndpointRouteBuilder app)
    {
        var ofClient = app.MapGroup("/client/{client_id:long}/extension").WithTags("Extensions");
        ofClient.MapPost("/", Create)
            .WithSummary("Create an extension (type phone or queue)")
            .Accepts<ExtensionCreateDoc>("application/json")
            .Produces<ExtensionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        ofClient.MapGet("/", List)
            .WithSummary("List the client's extensions")
            .Produces<ExtensionResponse[]>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var one = app.MapGroup("/extension/{extension_id:long}").WithTags("Extensions");
        one.MapGet("/", Get)
            .WithSummary("Get an extension")
            .Produces<ExtensionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPut("/", Update)
            .WithSummary("Change an extension's name, label, caller_id_name or extra_params")
            .Accepts<ExtensionUpdateDoc>("application/json")
            .Produces<ExtensionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        one.MapDelete("/", Delete)
            .WithSummary("Delete an extension (409 while a queue has callers or a local agent rings the phone)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> Create(
        [FromRoute(Name = "client_id")] long clientId, HttpRequest request, ClaimsPrincipal user, ConfigStore store,
        EngineClient engine, TimeProvider time, IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct)
    {
        var (body, error) = await RequestJson.ReadAsync(request, options.Value.MaxJsonBytes, ct);
        if (error is not null) return error;
        return await store.WriteAsync<IResult>(async tx =>
        {
            if (!tx.ClientVisible(user, clientId)) return Problems.NotFound($"Client {clientId}");
            var result = ExtensionBodies.Create(clientId, ApiAccess.Timestamp(time), body);
            if (!result.IsValid) return Problems.Validation(result.Errors);
            if (tx.ExtensionNameTaken(clientId, result.Value.Name, 0))
                return Problems.Conflict($"The client already has an extension named '{result.Value.Name}'.");
            var extension = tx.InsertExtension(result.Value);
            if (extension.IsQueue) tx.InsertQueue(extension.Id, QueueSettings.Default);
            tx.Commit();
            if (extension.IsQueue) await engine.ConfigureQueueAsync(extension.Id, QueueSettings.Default);
            log.LogInformation("Extension {ExtensionId} ({ExtensionType}) created for client {ClientId}", extension.Id, extension.Type, clientId);
            return TypedResults.Created($"/extension/{ApiAccess.Id(extension.Id)}/", ToResponse(extension, options.Value));
        }, ct);
    }

    private static IResult List(
        [FromRoute(Name = "client_id")] long clientId, ClaimsPrincipal user, ConfigStore store, IOptions<ApiOptions> options) =>
        store.Read(s => s.ClientVisible(user, clientId) ? s.ListExtensions(clientId) : null) is { } extensions
            ? TypedResults.Ok(extensions.Select(e => ToResponse(e, options.Value)).ToList())
            : Problems.NotFound($"Client {clientId}");

    private static IResult Get(
        [FromRoute(Name = "extension_id")] long extensionId, ClaimsPrincipal user, ConfigStore store, IOptions<ApiOptions> options) =>
        store.Read(s => s.VisibleExtension(user, extensionId)) is { } extension
            ? TypedResults.Ok(ToResponse(extension, options.Value))
            : Problems.NotFound($"Extension {extensionId}");

    private static async Task<IResult> Update(
        [FromRoute(Name = "extension_id")] long extensionId, HttpRequest request, ClaimsPrincipal user, ConfigStore store,
        IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct)
    {
        var (body, error) = await RequestJson.ReadAsync(request, options.Value.MaxJsonBytes, ct);
        if (error is not null) return error;
        return await store.WriteAsync<IResult>(tx =>
        {
            if (tx.VisibleExtension(user, extensionId) is not { } current)
                return Task.FromResult(Problems.NotFound($"Extension {extensionId}"));
            var result = ExtensionBodies.Update(current, body);
            if (!result.IsValid) return Task.FromResult(Problems.Validation(result.Errors));
            if (tx.ExtensionNameTaken(current.ClientId, result.Value.Name, extensionId))
                return Task.FromResult(Problems.Conflict($"The client already has an extension named '{result.Value.Name}'."));
            tx.UpdateExtension(result.Value);
            tx.Commit();
            log.LogInformation("Extension {ExtensionId} changed", extensionId);
            return Task.FromResult<IResult>(TypedResults.Ok(ToResponse(result.Value, options.Value)));
        }, ct);
    }

    private static Task<IResult> Delete(
        [FromRoute(Name = "extension_id")] long extensionId, ClaimsPrincipal user, ConfigStore store, EngineClient engine,
        ILogger<ApiLog> log, CancellationToken ct) =>
        store.WriteAsync<IResult>(async tx =>
        {
            if (tx.VisibleExtension(user, extensionId) is not { } extension) return Problems.NotFound($"Extension {extensionId}");
            if (extension.IsPhone)
            {
                var agents = tx.AgentsOnExtension(extensionId);
                if (agents.Count > 0)
                    return Problems.Conflict($"Local agents ring extension {extensionId}; delete them or move them to another extension first.",
                        new Dictionary<string, object?> { ["agents"] = agents });
                tx.DeleteExtension(extensionId);
                tx.Commit();
                log.LogInformation("Extension {ExtensionId} (phone) deleted", extensionId);
                return TypedResults.NoContent();
            }

            var status = await engine.GetQueueStatusAsync(extensionId, ct);
            var callers = status.Waiting + status.Trying + status.Answered;
            if (callers > 0)
                return Problems.Conflict($"Queue {extensionId} has {callers} callers; it can be deleted when it is empty.",
                    new Dictionary<string, object?>
                    {
                        ["waiting_members"] = status.Waiting, ["trying_members"] = status.Trying, ["answered_members"] = status.Answered,
                    });
            var members = tx.ListMembers(extensionId);
            tx.DeleteExtension(extensionId); // with its queue and memberships
            tx.Commit();
            foreach (var m in members) await engine.RemoveMemberAsync(extensionId, m.ToMembership().Agent);
            // The queue's actor stays (ids are never reused) with default settings and no members:
            // a call that still reaches it leaves at once (exit_with_no_av_agents).
            await engine.ConfigureQueueAsync(extensionId, QueueSettings.Default);
            log.LogInformation("Extension {ExtensionId} (queue) deleted with {Members} memberships", extensionId, members.Count);
            return TypedResults.NoContent();
        }, ct);

    internal static ExtensionResponse ToResponse(ExtensionRecord e, ApiOptions options) => new(
        e.Id, e.ClientId, e.Name, e.Label, e.Type, ActiveStatus, options.SipDomain, e.CreateDate, e.CallerIdName, e.ExtraParams,
        DialRuleLimit: null, ExtensionGroupId: null, MessageDid: null, DialRuleId: null, AniRfc3325: false, DidAsTransferCallerId: null);
}
