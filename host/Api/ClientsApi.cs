using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QueueEngine.Domain;
using QueueEngine.Host.Security;
using QueueEngine.Host.Setup;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Api;

/// <summary>
/// Clients (tenants), QUEUE-SPEC §1.7: the admin creates them; the new client's API key is
/// answered once and stored only as a hash. A client key sees only its own client.
/// </summary>
public static class ClientsApi
{
    public static IEndpointRouteBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup("/client").WithTags("Clients");
        clients.MapPost("/", Create)
            .RequireAuthorization(SecuritySetup.AdminPolicy)
            .WithSummary("Create a client (admin key); answers its API key, once")
            .Accepts<ClientCreateDoc>("application/json")
            .Produces<ClientCreatedResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        clients.MapGet("/", List)
            .WithSummary("List clients (the admin sees all, a client itself)")
            .Produces<ClientResponse[]>();
        clients.MapGet("/{client_id:long}/", Get)
            .WithSummary("Get a client")
            .Produces<ClientResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Create(
        HttpRequest request, ConfigStore store, TimeProvider time, IOptions<ApiOptions> options, ILogger<ApiLog> log,
        CancellationToken ct)
    {
        var (body, error) = await RequestJson.ReadAsync(request, options.Value.MaxJsonBytes, ct);
        if (error is not null) return error;
        var name = ReadName(body);
        if (!name.IsValid) return Problems.Validation(name.Errors);

        var key = ApiKeys.Generate();
        var client = await store.WriteAsync(tx =>
        {
            var created = tx.InsertClient(name.Value, ApiKeys.Hash(key), ApiAccess.Timestamp(time));
            tx.Commit();
            return Task.FromResult(created);
        }, ct);
        log.LogInformation("Client {ClientId} ({ClientName}) created", client.Id, client.Name);
        return TypedResults.Created($"/client/{ApiAccess.Id(client.Id)}/", new ClientCreatedResponse(client.Id, client.Name, key));
    }

    private static IResult List(ClaimsPrincipal user, ConfigStore store) =>
        TypedResults.Ok(store.Read(s => s.ListClients())
            .Where(c => user.CanAccess(c.Id))
            .Select(ToResponse)
            .ToList());

    private static IResult Get([FromRoute(Name = "client_id")] long clientId, ClaimsPrincipal user, ConfigStore store) =>
        user.CanAccess(clientId) && store.Read(s => s.FindClient(clientId)) is { } client
            ? TypedResults.Ok(ToResponse(client))
            : Problems.NotFound($"Client {clientId}");

    private static ClientResponse ToResponse(ClientRecord c) => new(c.Id, c.Name, c.CreateDate);

    private static ValidationResult<string> ReadName(JsonElement body)
    {
        var errors = new ValidationErrors();
        string? name = null;
        foreach (var f in JsonBody.Fields(body, errors))
        {
            if (f.Name == "name") name = f.String(allowBlank: false);
            else f.Error("unknown field");
        }
        if (name is null && !errors.Has("name")) errors.Add("name", "is required");
        return errors.ToResult(name ?? "");
    }
}
