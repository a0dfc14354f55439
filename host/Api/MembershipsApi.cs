using System.Security.Claims;
using Microsoft.Extensions.Options;
using QueueEngine.Domain;
using QueueEngine.Host.Engine;
using QueueEngine.Host.Setup;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Api;

/// <summary>
/// Queue membership (QUEUE-SPEC §1.4): <c>/extension/{extension_id}/queue/agents/local/</c> and
/// <c>…/remote/</c>. The agent must be of the queue's client (404 otherwise); adding it twice is 409.
/// </summary>
public static class MembershipsApi
{
    public static IEndpointRouteBuilder MapMembershipsApi(this IEndpointRouteBuilder app)
    {
        Map(app, AgentKind.Local);
        Map(app, AgentKind.Remote);
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, AgentKind kind)
    {
        var name = StoreSession.KindName(kind);
        var group = app.MapGroup($"/extension/{{extension_id:long}}/queue/agents/{name}").WithTags("Queue members");
        group.MapPost("/", (long extension_id, HttpRequest request, ClaimsPrincipal user, ConfigStore store, EngineClient engine,
                    IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct) =>
                Add(kind, extension_id, request, user, store, engine, options, log, ct))
            .WithSummary($"Add a {name} agent to the queue")
            .Accepts<MembershipDoc>("application/json")
            .Produces<MembershipDoc>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", (long extension_id, ClaimsPrincipal user, ConfigStore store) =>
                store.Read(s => s.VisibleQueue(user, extension_id) is not null ? s.ListMembers(extension_id, kind) : null) is { } members
                    ? TypedResults.Ok(members.Select(m => MembershipValidator.ToJson(m.ToMembership())).ToList())
                    : Problems.NotFound($"Queue {extension_id}"))
            .WithSummary($"List the queue's {name} agents (by level, position, agent id)")
            .Produces<MembershipDoc[]>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{agent_id:long}/", (long extension_id, long agent_id, ClaimsPrincipal user, ConfigStore store) =>
                store.Read(s => Find(s, kind, extension_id, agent_id, user)) is { } member
                    ? TypedResults.Ok(MembershipValidator.ToJson(member.ToMembership()))
                    : NotFound(kind, extension_id, agent_id))
            .WithSummary($"Get a {name} agent's level and position in the queue")
            .Produces<MembershipDoc>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{agent_id:long}/", (long extension_id, long agent_id, HttpRequest request, ClaimsPrincipal user,
                    ConfigStore store, EngineClient engine, IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct) =>
                Update(kind, extension_id, agent_id, request, user, store, engine, options, log, ct))
            .WithSummary($"Change a {name} agent's level and/or position in the queue")
            .Accepts<MembershipDoc>("application/json")
            .Produces<MembershipDoc>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{agent_id:long}/", (long extension_id, long agent_id, ClaimsPrincipal user, ConfigStore store,
                    EngineClient engine, ILogger<ApiLog> log, CancellationToken ct) =>
                Remove(kind, extension_id, agent_id, user, store, engine, log, ct))
            .WithSummary($"Remove a {name} agent from the queue (a ring from this queue is cancelled; a call continues)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static MembershipRecord? Find(StoreSession s, AgentKind kind, long queueId, long agentId, ClaimsPrincipal user) =>
        s.VisibleQueue(user, queueId) is not null && s.FindMembership(queueId, agentId) is { } m && m.Kind == kind ? m : null;

    private static IResult NotFound(AgentKind kind, long queueId, long agentId) =>
        Problems.NotFound($"{(kind == AgentKind.Local ? "Local" : "Remote")} agent {agentId} in queue {queueId}");

    private static async Task<IResult> Add(
        AgentKind kind, long queueId, HttpRequest request, ClaimsPrincipal user, ConfigStore store, EngineClient engine,
        IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct)
    {
        var (body, error) = await RequestJson.ReadAsync(request, options.Value.MaxJsonBytes, ct);
        if (error is not null) return error;
        return await store.WriteAsync<IResult>(async tx =>
        {
            if (tx.VisibleQueue(user, queueId) is not { } queue) return Problems.NotFound($"Queue {queueId}");
            var result = MembershipValidator.Create(kind, body);
            if (!result.IsValid) return Problems.Validation(result.Errors);
            var membership = result.Value;
            var agentId = membership.Agent.Id;
            if (tx.FindAgent(agentId) is not { } agent || agent.Kind != kind || agent.ClientId != queue.ClientId)
                return Problems.NotFound($"{(kind == AgentKind.Local ? "Local" : "Remote")} agent {agentId}");
            if (tx.FindMembership(queueId, agentId) is not null)
                return Problems.Conflict($"Agent {agentId} is already a member of queue {queueId}.");
            tx.InsertMembership(queueId, membership);
            tx.Commit();
            await engine.SetMemberAsync(queueId, membership);
            log.LogInformation("Agent {Agent} added to queue {QueueId} at level {Level}, position {Position}",
                membership.Agent.EntityId, queueId, membership.Level, membership.Position);
            return TypedResults.Created(
                $"/extension/{ApiAccess.Id(queueId)}/queue/agents/{StoreSession.KindName(kind)}/{ApiAccess.Id(agentId)}",
                MembershipValidator.ToJson(membership));
        }, ct);
    }

    private static async Task<IResult> Update(
        AgentKind kind, long queueId, long agentId, HttpRequest request, ClaimsPrincipal user, ConfigStore store,
        EngineClient engine, IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct)
    {
        var (body, error) = await RequestJson.ReadAsync(request, options.Value.MaxJsonBytes, ct);
        if (error is not null) return error;
        return await store.WriteAsync<IResult>(async tx =>
        {
            if (Find(tx, kind, queueId, agentId, user) is not { } current) return NotFound(kind, queueId, agentId);
            var result = MembershipValidator.Update(current.ToMembership(), body);
            if (!result.IsValid) return Problems.Validation(result.Errors);
            tx.UpdateMembership(queueId, result.Value);
            tx.Commit();
            await engine.SetMemberAsync(queueId, result.Value);
            log.LogInformation("Agent {Agent} moved in queue {QueueId} to level {Level}, position {Position}",
                result.Value.Agent.EntityId, queueId, result.Value.Level, result.Value.Position);
            return TypedResults.Ok(MembershipValidator.ToJson(result.Value));
        }, ct);
    }

    private static Task<IResult> Remove(
        AgentKind kind, long queueId, long agentId, ClaimsPrincipal user, ConfigStore store, EngineClient engine,
        ILogger<ApiLog> log, CancellationToken ct) =>
        store.WriteAsync<IResult>(async tx =>
        {
            if (Find(tx, kind, queueId, agentId, user) is not { } current) return NotFound(kind, queueId, agentId);
            tx.DeleteMembership(queueId, agentId);
            tx.Commit();
            await engine.RemoveMemberAsync(queueId, current.ToMembership().Agent);
            log.LogInformation("Agent {Agent} removed from queue {QueueId}", current.ToMembership().Agent.EntityId, queueId);
            return TypedResults.NoContent();
        }, ct);
}
