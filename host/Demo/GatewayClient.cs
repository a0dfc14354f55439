using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;

namespace QueueEngine.Host.Demo;

/// <summary>One command from <c>GET /gateway/commands</c>: its id, name and JSON (QUEUE-SPEC §6).</summary>
public sealed record PbxCommand(long Id, string Name, JsonObject Data)
{
    public string CallId => Text("call_id") ?? "";

    public string? Text(string field) => Data[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public long? Number(string field) => Data[field] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    public bool Flag(string field) => Data[field] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}

/// <summary>
/// The telephony side of the gateway protocol over real HTTP, as a PBX adapter would speak it:
/// events go out as <c>POST /gateway/events</c> (one event per request), commands come in on
/// <c>GET /gateway/commands</c> (server-sent events, read with <see cref="SseParser"/>). A dropped
/// command stream is opened again with <c>Last-Event-ID</c>, so no command is lost. The
/// <see cref="HttpClient"/> carries the base address and the gateway key.
/// </summary>
public sealed class GatewayClient(HttpClient http, ILogger log)
{
    private long _posted;
    private long _failed;
    private long _lastCommandId;
    private long _reconnects;
    private readonly object _statusGate = new();
    private readonly Dictionary<int, long> _statuses = new();

    /// <summary>An HTTP client for the gateway endpoints of <paramref name="baseAddress"/> with the gateway key.</summary>
    public static HttpClient CreateHttpClient(Uri baseAddress, string gatewayKey)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan, // the command stream is open for good; posts have their own token
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gatewayKey);
        return client;
    }

    /// <summary>Events posted (any answer).</summary>
    public long Posted => Interlocked.Read(ref _posted);

    /// <summary>Events answered with a status other than 2xx, or not answered at all.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Times the command stream was opened again after it dropped.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>The id of the last command read (what a reconnect sends as Last-Event-ID).</summary>
    public long LastCommandId => Interlocked.Read(ref _lastCommandId);

    /// <summary>How many events got each HTTP status (0 = no answer: the connection failed).</summary>
    public IReadOnlyDictionary<int, long> Statuses
    {
        get { lock (_statusGate) return new Dictionary<int, long>(_statuses); }
    }

    /// <summary>Posts one event; answers the HTTP status (0 when the request itself failed).</summary>
    public async Task<int> PostAsync(JsonObject gatewayEvent, CancellationToken ct)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(gatewayEvent.ToJsonString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        int status;
        string? detail = null;
        try
        {
            using var response = await http.PostAsync("gateway/events", content, ct).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) detail = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            status = 0;
            detail = e.Message;
        }
        Interlocked.Increment(ref _posted);
        lock (_statusGate) _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        if (status is < 200 or >= 300)
        {
            Interlocked.Increment(ref _failed);
            log.LogWarning("Gateway event {Event} of call {CallId} answered {Status}: {Detail}",
                (string?)gatewayEvent["event"], (string?)gatewayEvent["call_id"], status, detail);
        }
        return status;
    }

    /// <summary>
    /// Reads the command stream until <paramref name="ct"/> is cancelled, handing each command to
    /// <paramref name="onCommand"/> with the <see cref="Stopwatch"/> timestamp it was read at, in
    /// order, on the reading task (so the handler must not block). <paramref name="connected"/> is
    /// completed once the first connection is open. A stream that drops or fails is opened again
    /// after a short pause with <c>Last-Event-ID</c>.
    /// </summary>
    public async Task FollowCommandsAsync(Action<PbxCommand, long> onCommand, TaskCompletionSource? connected, CancellationToken ct)
    {
        var pause = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "gateway/commands");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                var last = LastCommandId;
                if (last > 0) request.Headers.Add("Last-Event-ID", last.ToString(CultureInfo.InvariantCulture));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    throw new InvalidOperationException($"The gateway key was refused ({(int)response.StatusCode}) on GET /gateway/commands");
                response.EnsureSuccessStatusCode();
                connected?.TrySetResult();
                log.LogInformation("Command stream open{After}", last > 0 ? $" after command {last}" : "");
                pause = TimeSpan.FromMilliseconds(200);

                await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                var parser = SseParser.Create(stream, static (_, data) => JsonNode.Parse(data) as JsonObject);
                await foreach (var item in parser.EnumerateAsync(ct).ConfigureAwait(false))
                {
                    var at = Stopwatch.GetTimestamp();
                    if (item.Data is not { } data || !long.TryParse(item.EventId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    {
                        log.LogWarning("Command stream: an event without a JSON object or a numeric id ({EventType}) skipped", item.EventType);
                        continue;
                    }
                    Interlocked.Exchange(ref _lastCommandId, id);
                    onCommand(new PbxCommand(id, item.EventType, data), at);
                }
                log.LogWarning("The command stream ended; opening it again after command {LastEventId}", LastCommandId);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException)
            {
                log.LogWarning("The command stream failed ({Error}); opening it again after command {LastEventId} in {PauseMs} ms",
                    e.Message, LastCommandId, pause.TotalMilliseconds);
            }
            Interlocked.Increment(ref _reconnects);
            try
            {
                await Task.Delay(pause, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            pause = TimeSpan.FromMilliseconds(Math.Min(5000, pause.TotalMilliseconds * 2));
        }
    }
}
