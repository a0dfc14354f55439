using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QueueEngine.Gateway;
using QueueEngine.Host.Api;
using QueueEngine.Host.Security;
using QueueEngine.Host.Setup;

namespace QueueEngine.Host.Gateway;

/// <summary>
/// The gateway protocol over HTTP (QUEUE-SPEC §6): <c>POST /gateway/events</c> takes the
/// telephony side's events, <c>GET /gateway/commands</c> streams the engine's commands as
/// server-sent events. Only the gateway key opens them.
/// </summary>
public static class GatewayApi
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        var gateway = app.MapGroup("/gateway").WithTags("Gateway").RequireAuthorization(SecuritySetup.GatewayPolicy);
        gateway.MapPost("/events", PostEvents)
            .WithSummary("Gateway events: one JSON event or an array of them (gateway key)")
            .WithDescription(
                "One event: 202 when the engine took it (a repeated event is taken and changes nothing), 404 for an unknown or "
                + "ended call, leg, playback or digit request, or an extension that is not a queue, 409 for a call.entered of a call "
                + "that already ended or is in another queue. An array: 200 with one result per event, in order. A malformed event "
                + "(400, naming its index and field) rejects the whole request: nothing of it is applied.")
            .Accepts<JsonElement>("application/json")
            .Produces<GatewayEventAccepted>(StatusCodes.Status202Accepted)
            .Produces<GatewayEventResults>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        gateway.MapGet("/commands", GetCommands)
            .WithSummary("The engine's commands as server-sent events (gateway key)")
            .WithDescription(
                "Each command is one event: id = the command's id (increasing, also across restarts), event = its name, data = its JSON. "
                + "With Last-Event-ID (header, or ?last_event_id=) the stream starts with every held command after that id; "
                + "without, with the next command issued. 0, or an id of an earlier start, gives every command of this start.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem();
        return app;
    }

    /// <summary>One event taken (202).</summary>
    public sealed record GatewayEventAccepted(string Event, int Status);

    /// <summary>One event of an array: its index, name, status (202, 404, 409, 503) and why it was not taken.</summary>
    public sealed record GatewayEventResult(int Index, string Event, int Status, string? Detail);

    public sealed record GatewayEventResults(int Accepted, int Rejected, IReadOnlyList<GatewayEventResult> Results);

    private static async Task<IResult> PostEvents(
        HttpRequest request, GatewayIngress ingress, IOptions<ApiOptions> api, IOptions<GatewayOptions> gatewayOptions, CancellationToken ct)
    {
        var (body, error) = await RequestJson.ReadAsync(request, api.Value.MaxJsonBytes, ct);
        if (error is not null) return error;
        var isArray = body.ValueKind == JsonValueKind.Array;
        var items = isArray ? body.EnumerateArray().ToList() : [body];
        if (items.Count == 0) return Problems.Validation("$", "an array of events must not be empty");
        var max = gatewayOptions.Value.MaxEventsPerRequest;
        if (items.Count > max) return Problems.Validation("$", $"at most {max} events per request");

        // Every event is checked before any is applied: a malformed one rejects the whole request.
        var events = new List<IGatewayEvent>(items.Count);
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < items.Count; i++)
        {
            if (GatewayWire.TryParseEvent(items[i], out var e, out var message))
            {
                events.Add(e!);
                continue;
            }
            var colon = message!.IndexOf(": ", StringComparison.Ordinal);
            var (field, text) = colon > 0 ? (message[..colon], message[(colon + 2)..]) : ("$", message);
            var key = isArray ? $"[{i}].{field}" : field;
            errors[key] = [text];
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        if (!isArray)
        {
            var outcome = await ingress.DeliverAsync(events[0], ct);
            return outcome.Accepted
                ? TypedResults.Json(new GatewayEventAccepted(outcome.Event, outcome.Status), statusCode: outcome.Status)
                : TypedResults.Problem(statusCode: outcome.Status, title: Title(outcome.Status), detail: outcome.Detail,
                    extensions: new Dictionary<string, object?> { ["event"] = outcome.Event });
        }

        var results = new List<GatewayEventResult>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var outcome = await ingress.DeliverAsync(events[i], ct);
            results.Add(new GatewayEventResult(i, outcome.Event, outcome.Status, outcome.Detail));
        }
        var accepted = results.Count(r => r.Status == StatusCodes.Status202Accepted);
        return TypedResults.Ok(new GatewayEventResults(accepted, results.Count - accepted, results));
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        _ => "Service unavailable",
    };

    private static IResult GetCommands(
        HttpRequest request, [FromQuery(Name = "last_event_id")] string? lastEventIdQuery, CommandLog commands,
        ILogger<CommandLog> log)
    {
        var raw = request.Headers[LastEventIdHeader].FirstOrDefault() ?? lastEventIdQuery;
        long after;
        var next = commands.NextId;
        if (string.IsNullOrEmpty(raw))
        {
            after = next - 1; // a new gateway: from the next command on
        }
        else if (!long.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return Problems.Validation(LastEventIdHeader, "must be a command id (a whole number, 0 for every held command)");
        }
        else if (after >= next)
        {
            log.LogWarning("A gateway asked for the commands after {LastEventId}, which this engine has not issued yet " +
                           "(was the data directory restored from a backup?); it gets the commands from {NextId} on", after, next);
            after = next - 1;
        }
        log.LogInformation("Gateway command stream opened after {LastEventId}", after);
        return new ServerSentEventStream(Stream(commands, after, log, ServerSentEventStream.Lifetime(request.HttpContext)));
    }

    private static async IAsyncEnumerable<SseItem<string>> Stream(
        CommandLog commands, long after, ILogger log, [EnumeratorCancellation] CancellationToken ct)
    {
        var first = true;
        var epochStart = (commands.NextId - 1) / CommandLog.IdsPerEpoch * CommandLog.IdsPerEpoch;
        await foreach (var c in commands.Follow(after, ct))
        {
            if (first && after >= epochStart && c.Id > after + 1)
                log.LogWarning("A gateway reconnected after command {LastEventId}, older than every command still held: " +
                               "commands {From} to {To} are lost to it", after, after + 1, c.Id - 1);
            first = false;
            yield return new SseItem<string>(GatewayWire.ToJson(c.Command).ToJsonString(), c.Command.Name)
            {
                EventId = c.Id.ToString(CultureInfo.InvariantCulture),
            };
        }
        log.LogInformation("Gateway command stream closed");
    }
}
