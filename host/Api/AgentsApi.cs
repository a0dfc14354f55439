using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QueueEngine.Domain;
using QueueEngine.Host.Engine;
using QueueEngine.Host.Setup;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Api;

/// <summary>
/// A client's agents (QUEUE-SPEC §1.3): <c>/client/{client_id}/agent/local/</c> and
/// <c>…/remote/</c>. Local and remote agents share one id sequence, so an agent id alone names one
/// agent; an agent asked for under the other kind's path is not found.
/// </summary>
public static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        Map(app, AgentKind.Local, typeof(LocalAgentDoc));
        Map(app, AgentKind.Remote, typeof(RemoteAgentDoc));
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, AgentKind kind, Type doc)
    {
        var name = StoreSession.KindName(kind);
        var group = app.MapGroup($"/client/{{client_id:long}}/agent/{name}").WithTags("Agents");
        var list = group.MapGet("/", (long client_id, HttpRequest request, ClaimsPrincipal user, ConfigStore store) =>
                List(kind, client_id, request, user, store))
            .WithSummary($"List the client's {name} agents")
            .Produces(StatusCodes.Status200OK, doc.MakeArrayType())
            .ProducesProblem(StatusCodes.Status404NotFound);
        if (kind == AgentKind.Local)
            list.WithDescription("Repeat `extension_id` to list only the agents that ring those extensions.")
                .ProducesValidationProblem();
        group.MapPost("/", (long client_id, HttpRequest request, ClaimsPrincipal user, ConfigStore store, EngineClient engine,
                    IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct) =>
                Create(kind, client_id, request, user, store, engine, options, log, ct))
            .WithSummary($"Create a {name} agent")
            .Accepts(doc, "application/json")
            .Produces(StatusCodes.Status201Created, doc)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{agent_id:long}/", (long client_id, long agent_id, ClaimsPrincipal user, ConfigStore store) =>
                store.Read(s => Find(s, kind, client_id, agent_id, user)) is { } agent
                    ? TypedResults.Ok(AgentSettingsValidator.ToJson(agent.Key, agent.Settings))
                    : NotFound(kind, agent_id))
            .WithSummary($"Get a {name} agent")
            .Produces(StatusCodes.Status200OK, doc)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{agent_id:long}/", (long client_id, long agent_id, HttpRequest request, ClaimsPrincipal user, ConfigStore store,
                    EngineClient engine, IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct) =>
                Update(kind, client_id, agent_id, request, user, store, engine, options, log, ct))
            .WithSummary($"Change a {name} agent (partial update; a change of status is a login or logout)")
            .Accepts(doc, "application/json")
            .Produces(StatusCodes.Status200OK, doc)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{agent_id:long}/", (long client_id, long agent_id, HttpRequest request, ClaimsPrincipal user,
                    ConfigStore store, EngineClient engine, ILogger<ApiLog> log, CancellationToken ct) =>
                Delete(kind, client_id, agent_id, request, user, store, engine, log, ct))
            .WithSummary($"Delete a {name} agent")
            .WithDescription("`remove_from_queues` (default true) also removes the agent from its queues; with false, "
                             + "an agent that is a member of any queue is not deleted (409 naming the queues).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>The agent, if it is of this kind and the caller may see its client.</summary>
    internal static AgentRecord? Find(StoreSession s, AgentKind kind, long clientId, long agentId, ClaimsPrincipal user) =>
        s.ClientVisible(user, clientId) && s.FindAgent(agentId) is { } agent && agent.Kind == kind && agent.ClientId == clientId
            ? agent
            : null;

    private static IResult NotFound(AgentKind kind, long agentId) =>
        Problems.NotFound($"{(kind == AgentKind.Local ? "Local" : "Remote")} agent {agentId}");

    private static IResult List(AgentKind kind, long clientId, HttpRequest request, ClaimsPrincipal user, ConfigStore store)
    {
        var filter = new List<long>();
        foreach (var value in request.Query["extension_id"])
        {
            if (kind == AgentKind.Remote)
                return Problems.Validation("extension_id", "filters local agents only");
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                return Problems.Validation("extension_id", $"'{value}' is not an extension id");
            filter.Add(id);
        }
        var agents = store.Read(s => s.ClientVisible(user, clientId) ? s.ListAgents(clientId, kind, filter) : null);
        return agents is null
            ? Problems.NotFound($"Client {clientId}")
            : TypedResults.Ok(agents.Select(a => AgentSettingsValidator.ToJson(a.Key, a.Settings)).ToList());
    }

    private static async Task<IResult> Create(
        AgentKind kind, long clientId, HttpRequest request, ClaimsPrincipal user, ConfigStore store, EngineClient engine,
        IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct)
    {
        var (body, error) = await RequestJson.ReadAsync(request, options.Value.MaxJsonBytes, ct);
        if (error is not null) return error;
        return await store.WriteAsync<IResult>(async tx =>
        {
            if (!tx.ClientVisible(user, clientId)) return Problems.NotFound($"Client {clientId}");
            var result = AgentSettingsValidator.Create(kind, body,
                extension => tx.IsPhoneExtension(clientId, extension), sound => tx.SoundExists(clientId, sound));
            if (!result.IsValid) return Problems.Validation(result.Errors);
            var key = new AgentKey(kind, tx.InsertAgent(clientId, kind, result.Value));
            tx.Commit();
            await engine.ConfigureAgentAsync(key, result.Value);
            log.LogInformation("Agent {Agent} created for client {ClientId}", key.EntityId, clientId);
            return TypedResults.Created($"/client/{ApiAccess.Id(clientId)}/agent/{StoreSession.KindName(kind)}/{ApiAccess.Id(key.Id)}",
                AgentSettingsValidator.ToJson(key, result.Value));
        }, ct);
    }

    private static async Task<IResult> Update(
        AgentKind kind, long clientId, long agentId, HttpRequest request, ClaimsPrincipal user, ConfigStore store,
        EngineClient engine, IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct)
    {
        var (body, error) = await RequestJson.ReadAsync(request, options.Value.MaxJsonBytes, ct);
        if (error is not null) return error;
        return await store.WriteAsync<IResult>(async tx =>
        {
            if (Find(tx, kind, clientId, agentId, user) is not { } agent) return NotFound(kind, agentId);
            var result = AgentSettingsValidator.Update(kind, agent.Settings, body,
                extension => tx.IsPhoneExtension(clientId, extension), sound => tx.SoundExists(clientId, sound));
            if (!result.IsValid) return Problems.Validation(result.Errors);
            tx.UpdateAgent(agent with { Settings = result.Value });
            tx.Commit();
            await engine.ConfigureAgentAsync(agent.Key, result.Value);
            log.LogInformation("Agent {Agent} changed (status {Status})", agent.Key.EntityId, AgentStatusNames.ToWire(result.Value.Status));
            return TypedResults.Ok(AgentSettingsValidator.ToJson(agent.Key, result.Value));
        }, ct);
    }

    private static async Task<IResult> Delete(
        AgentKind kind, long clientId, long agentId, HttpRequest request, ClaimsPrincipal user, ConfigStore store,
        EngineClient engine, ILogger<ApiLog> log, CancellationToken ct)
    {
        var removeFromQueues = true;
        var values = request.Query["remove_from_queues"];
        if (values.Count > 1 || (values.Count == 1 && !bool.TryParse(values[0], out removeFromQueues)))
            return Problems.Validation("remove_from_queues", "must be true or false");
        return await store.WriteAsync<IResult>(async tx =>
        {
            if (Find(tx, kind, clientId, agentId, user) is not { } agent) return NotFound(kind, agentId);
            var queues = tx.QueuesOfAgent(agentId);
            if (!removeFromQueues && queues.Count > 0)
                return Problems.Conflict(
                    $"Agent {agentId} is a member of queues {string.Join(", ", queues)}; remove it from them first, or delete with remove_from_queues=true.",
                    new Dictionary<string, object?> { ["queues"] = queues });
            tx.DeleteAgent(agentId); // with its memberships
            tx.Commit();
            foreach (var queue in queues) await engine.RemoveMemberAsync(queue, agent.Key);
            await engine.DeleteAgentAsync(agent.Key, removeFromQueues: true);
            log.LogInformation("Agent {Agent} deleted (removed from {Queues} queues)", agent.Key.EntityId, queues.Count);
            return TypedResults.NoContent();
        }, ct);
    }
}
