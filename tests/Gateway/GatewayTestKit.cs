using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using QueueEngine.Tests.Api;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Gateway;

/// <summary>One server-sent event as read from the wire: its fields and its raw text.</summary>
public sealed record SseEvent(string? Id, string? Event, string Data, string Raw)
{
    public JsonObject Json => JsonNode.Parse(Data) as JsonObject ?? throw new Xunit.Sdk.XunitException($"data is not an object: {Data}");

    public string? Str(string field) => Json[field]?.GetValue<string>();
}

/// <summary>
/// Reads a <c>text/event-stream</c> answer line by line from the raw response stream, so tests see
/// exactly what a gateway or a client would. Every read waits with a cancellation timeout.
/// </summary>
public sealed class SseReader : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new StreamReader(stream, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream and waits for its headers (200, text/event-stream).</summary>
    public static async Task<SseReader> OpenAsync(HttpClient http, string url, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var cts = new CancellationTokenSource(DefaultTimeout);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new Xunit.Sdk.XunitException($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(response, await response.Content.ReadAsStreamAsync(cts.Token));
    }

    /// <summary>The next event (comments and blank keep-alive lines skipped).</summary>
    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        string? id = null, name = null;
        var data = new List<string>();
        var raw = new StringBuilder();
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"No server-sent event within {(timeout ?? DefaultTimeout).TotalSeconds} s (read so far: '{raw}')");
            }
            if (line is null) throw new Xunit.Sdk.XunitException("The event stream ended");
            if (line.Length == 0)
            {
                if (data.Count == 0 && id is null && name is null) continue;
                return new SseEvent(id, name, string.Join('\n', data), raw.ToString());
            }
            raw.Append(line).Append('\n');
            if (line.StartsWith(':')) continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data.Add(value); break;
            }
        }
    }

    /// <summary>Skips events until one matches, within one overall timeout.</summary>
    public async Task<SseEvent> NextAsync(Func<SseEvent, bool> match, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var seen = new List<string>();
        while (true)
        {
            var left = limit - clock.Elapsed;
            if (left <= TimeSpan.Zero) throw new Xunit.Sdk.XunitException($"No matching event within {limit.TotalSeconds} s; seen: {string.Join(" | ", seen)}");
            SseEvent e;
            try
            {
                e = await NextAsync(left);
            }
            catch (Xunit.Sdk.XunitException x)
            {
                throw new Xunit.Sdk.XunitException($"{x.Message}; seen before: {string.Join(" | ", seen)}");
            }
            if (match(e)) return e;
            seen.Add($"{e.Event} {e.Data}");
        }
    }

    /// <summary>The next event with this name (for command streams: the command name).</summary>
    public Task<SseEvent> NextAsync(string name, string? callId = null, TimeSpan? timeout = null) =>
        NextAsync(e => e.Event == name && (callId is null || e.Str("call_id") == callId), timeout);

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A client with a phone, a queue and a local agent who is a member of it, set up through the REST API.</summary>
public sealed record CallCenter(TestTenant Tenant, long PhoneId, long QueueId, long AgentId) : IDisposable
{
    public HttpClient Api => Tenant.Http;

    public static async Task<CallCenter> CreateAsync(ApiHost host, string queueSettings = "{}", string agentStatus = "available", string name = "Call Center")
    {
        var tenant = await host.CreateTenantAsync(name);
        var api = tenant.Http;
        async Task<long> Post(string url, string body) => (await Expect(HttpStatusCode.Created, await api.PostAsync(url, Json(body))))["id"]!.GetValue<long>();
        var phone = await Post($"/client/{tenant.Id}/extension/", """{"name": "101", "type": "phone"}""");
        var queue = await Post($"/client/{tenant.Id}/extension/", """{"name": "500", "type": "queue"}""");
        await Expect(HttpStatusCode.OK, await api.PutAsync($"/extension/{queue}/queue/", Json(queueSettings)));
        var agent = await Post($"/client/{tenant.Id}/agent/local/",
            $$"""{"name": "Ann", "extension_id": {{phone}}, "status": "{{agentStatus}}", "call_timeout": 30}""");
        await Expect(HttpStatusCode.Created, await api.PostAsync($"/extension/{queue}/queue/agents/local/", Json($$"""{"agent_id": {{agent}}, "level": 1, "position": 1}""")));
        return new CallCenter(tenant, phone, queue, agent);
    }

    public string Entered(string callId, string number = "+15550100", string? name = "Caller") =>
        $$"""{"event": "call.entered", "call_id": "{{callId}}", "extension_id": {{QueueId}}, "caller_number": "{{number}}"{{(name is null ? "" : $", \"caller_name\": \"{name}\"")}}}""";

    public async Task<JsonObject> StatusAsync() => await Expect(HttpStatusCode.OK, await Api.GetAsync($"/extension/{QueueId}/queue/status/"));

    public async Task<(int Answered, int Trying, int Waiting)> CountersAsync()
    {
        var s = await StatusAsync();
        return (s["answered_members"]!.GetValue<int>(), s["trying_members"]!.GetValue<int>(), s["waiting_members"]!.GetValue<int>());
    }

    public Task<SseReader> EventsAsync() => SseReader.OpenAsync(Api, $"/client/{Tenant.Id}/events");

    public void Dispose() => Tenant.Dispose();
}

public static class GatewayHttp
{
    /// <summary>Posts one event or an array (raw JSON) to /gateway/events.</summary>
    public static Task<HttpResponseMessage> PostEventAsync(this HttpClient gateway, string json) =>
        gateway.PostAsync("/gateway/events", Json(json));

    /// <summary>Posts one event and asserts it was taken (202).</summary>
    public static async Task SendAsync(this HttpClient gateway, string json)
    {
        var response = await gateway.PostEventAsync(json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {text}");
    }

    public static string Leg(string name, string callId, string legId) =>
        $$"""{"event": "{{name}}", "call_id": "{{callId}}", "leg_id": "{{legId}}"}""";

    /// <summary>The queue-status event's counters (answered, trying, waiting).</summary>
    public static (int Answered, int Trying, int Waiting) Counters(this SseEvent e)
    {
        var j = e.Json;
        return (j["answered_members"]!.GetValue<int>(), j["trying_members"]!.GetValue<int>(), j["waiting_members"]!.GetValue<int>());
    }
}
