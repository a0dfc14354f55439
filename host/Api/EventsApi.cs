using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QueueEngine.Host.Engine;
using QueueEngine.Host.Events;
using QueueEngine.Host.Setup;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Api;

/// <summary>
/// What happens, for clients (QUEUE-SPEC §5): the live event stream of a client, the agents'
/// login/logout history, and the callers waiting in a queue in their order.
/// </summary>
public static class EventsApi
{
    public const int DefaultAgentEventsLimit = 1000;
    public const int MaxAgentEventsLimit = 10_000;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/client/{client_id:long}/events/", Stream)
            .WithTags("Events")
            .WithSummary("The client's events as server-sent events")
            .WithDescription(
                "dial-in, offer, offer-failed, answer, hangup, quality-rate, agent-login, agent-logout and queue-status of the "
                + "client's queues and agents, as they happen: event = the name, data = the JSON object, id = the event's number in "
                + "this client's stream (a gap means this connection fell behind and lost the oldest unread events).")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/client/{client_id:long}/agent_events/", AgentEvents)
            .WithTags("Events")
            .WithSummary("Agent logins and logouts, oldest first")
            .WithDescription(
                "Filters: agent_id; from (inclusive) and to (exclusive) as ISO 8601 times, e.g. 2024-05-01, 2024-05-01T08:00:00Z or "
                + "2024-05-01T10:00:00+02:00 (no offset = UTC); limit (default 1000, at most 10000).")
            .Produces<AgentEventResponse[]>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/extension/{extension_id:long}/queue/callers/", Callers)
            .WithTags("Queues")
            .WithSummary("The callers in the queue (waiting or ringing), in the order they are served, with their entry times")
            .Produces<QueueCallerResponse[]>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record AgentEventResponse(long Id, string Event, string Time, long AgentId, string AgentKind);

    public sealed record QueueCallerResponse(int Position, string CallId, string CallerNumber, string? CallerName, string EnteredAt);

    /// <summary>Times in answers: ISO 8601 in UTC with milliseconds, as in the events.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>An ISO 8601 date or date and time; without an offset it is UTC.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static IResult Stream(
        [FromRoute(Name = "client_id")] long clientId, ClaimsPrincipal user, ConfigStore store, ClientEventStreams streams,
        HttpContext http)
    {
        if (!store.Read(s => s.ClientVisible(user, clientId))) return Problems.NotFound($"Client {clientId}");
        // Subscribed before the answer starts, so nothing that happens after the headers is missed.
        var subscription = streams.Subscribe(clientId);
        http.Response.RegisterForDispose(subscription);
        return new ServerSentEventStream(Read(subscription, ServerSentEventStream.Lifetime(http)));
    }

    private static async IAsyncEnumerable<SseItem<string>> Read(
        ClientEventStreams.Subscription subscription, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = subscription.Reader;
        while (true)
        {
            try
            {
                if (!await reader.WaitToReadAsync(ct)) yield break;
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            while (reader.TryRead(out var item))
                yield return new SseItem<string>(item.Json, item.Name) { EventId = item.Id.ToString(CultureInfo.InvariantCulture) };
        }
    }

    private static async Task<IResult> AgentEvents(
        [FromRoute(Name = "client_id")] long clientId, HttpRequest request, ClaimsPrincipal user, ConfigStore store, LiveStore live,
        IRequiredActor<ClientEventHub> hub, IOptions<ApiOptions> options, CancellationToken ct)
    {
        if (!store.Read(s => s.ClientVisible(user, clientId))) return Problems.NotFound($"Client {clientId}");
        var query = request.Query;
        var errors = new Dictionary<string, string[]>();
        long? agentId = null;
        DateTimeOffset? from = null, to = null;
        var limit = DefaultAgentEventsLimit;
        foreach (var (key, values) in query)
        {
            var value = values.ToString();
            switch (key)
            {
                case "agent_id":
                    if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a > 0) agentId = a;
                    else errors[key] = ["must be an agent id"];
                    break;
                case "from":
                case "to":
                    if (TryParseTime(value, out var t))
                    {
                        if (key == "from") from = t;
                        else to = t;
                    }
                    else errors[key] = ["must be an ISO 8601 date or time, e.g. 2024-05-01 or 2024-05-01T08:00:00Z"];
                    break;
                case "limit":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 1 and <= MaxAgentEventsLimit) limit = l;
                    else errors[key] = [$"must be a whole number from 1 to {MaxAgentEventsLimit}"];
                    break;
                default:
                    errors[key] = ["unknown filter"];
                    break;
            }
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        // Read what has happened until now: the hub has handled every event published so far, and
        // the store has written what the hub gave it.
        var timeout = TimeSpan.FromSeconds(options.Value.EngineTimeoutSeconds);
        await (await hub.GetAsync(ct)).Ask<ClientEventHub.Synced>(ClientEventHub.Sync.Instance, timeout, ct);
        await live.Flush().WaitAsync(timeout, ct);
        var events = live.ReadAgentEvents(clientId, agentId, from, to, limit);
        return TypedResults.Ok(events.Select(e => new AgentEventResponse(
            e.Id, e.Event, FormatTime(e.Time), e.Agent.Id, StoreSession.KindName(e.Agent.Kind))).ToList());
    }

    private static async Task<IResult> Callers(
        [FromRoute(Name = "extension_id")] long extensionId, ClaimsPrincipal user, ConfigStore store, EngineClient engine,
        LiveStore live, CancellationToken ct)
    {
        if (store.Read(s => s.VisibleQueue(user, extensionId)) is null) return Problems.NotFound($"Queue {extensionId}");
        var snapshot = await engine.GetQueueSnapshotAsync(extensionId, ct);
        await live.Flush().WaitAsync(ct);
        var stored = live.ReadCallers(extensionId).ToDictionary(c => c.Caller.CallId, c => c.Caller, StringComparer.Ordinal);
        var position = 0;
        var result = new List<QueueCallerResponse>(snapshot.CallersInOrder.Count);
        foreach (var callId in snapshot.CallersInOrder)
        {
            if (!stored.TryGetValue(callId, out var c)) continue; // answered or gone since the snapshot
            result.Add(new QueueCallerResponse(++position, c.CallId, c.CallerNumber, c.CallerName, FormatTime(c.EnteredAt)));
        }
        return TypedResults.Ok(result);
    }
}
