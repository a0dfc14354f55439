using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QueueEngine.Domain;
using QueueEngine.Hosting;
using QueueEngine.Host.Engine;
using QueueEngine.Queues;
using QueueEngine.Agents;

namespace QueueEngine.Tests.Api;

/// <summary>A clock that stands still: create_date values are predictable.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// The real service (Program) in memory through WebApplicationFactory, on a data directory of
/// its own: the whole HTTP pipeline (routing, keys, rate limiter, problem details) and the real
/// engine actors on Akka's default dispatcher and scheduler.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";
    public const string GatewayKey = "test-gateway-key";
    public static readonly DateTimeOffset Now = new(2020, 3, 16, 12, 11, 13, TimeSpan.Zero);
    public const string CreateDate = "2020-03-16 12:11:13";

    private readonly Dictionary<string, string?> _settings;
    private WebApplicationFactory<Program> _factory;

    /// <param name="settings">Configuration on top of the test defaults (e.g. rate limits).</param>
    /// <param name="dataDirectory">An existing data directory (a restart), else a new temporary one.</param>
    public ApiHost(IDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        OwnsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), $"queue-engine-tests-{Guid.NewGuid():N}");
        _settings = new Dictionary<string, string?>
        {
            ["QueueEngine:DataDirectory"] = DataDirectory,
            ["QueueEngine:AdminApiKey"] = AdminKey,
            ["QueueEngine:GatewayApiKey"] = GatewayKey,
            ["QueueEngine:SipDomain"] = "sip.ringme.ru",
            // Tests send many requests at once; the rate limit has tests of its own.
            ["QueueEngine:RateLimit:Burst"] = "1000000",
            ["QueueEngine:RateLimit:RequestsPerPeriod"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        _factory = Create();
    }

    public string DataDirectory { get; }
    private bool OwnsDirectory { get; }

    public IServiceProvider Services => _factory.Services;

    public HttpClient Anonymous() => _factory.CreateClient();

    public HttpClient Admin() => WithKey(AdminKey);

    /// <summary>An HTTP client with the gateway's key.</summary>
    public HttpClient Gateway() => WithKey(GatewayKey);

    public HttpClient WithKey(string key)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates a client through the API (admin key) and returns it with an HTTP client using its key.</summary>
    public async Task<TestTenant> CreateTenantAsync(string name = "Example Ltd")
    {
        using var admin = Admin();
        var response = await admin.PostAsync("/client/", Http.Json($$"""{"name": "{{name}}"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Http.ReadObject(response);
        var key = body["api_key"]!.GetValue<string>();
        return new TestTenant(body["id"]!.GetValue<long>(), key, WithKey(key));
    }

    /// <summary>Stops the service (as a shutdown would) and starts a new one on the same data directory.</summary>
    public async Task RestartAsync()
    {
        await _factory.DisposeAsync();
        _factory = Create();
    }

    public Task<QueueSnapshot> QueueSnapshotAsync(long queueId) =>
        Services.GetRequiredService<EngineClient>().GetQueueSnapshotAsync(queueId);

    public Task<AgentState> AgentStateAsync(AgentKey agent) =>
        Services.GetRequiredService<EngineClient>().GetAgentStateAsync(agent);

    /// <summary>Sends a gateway event to the engine's router and waits for it to be routed.</summary>
    public async Task GatewayEventAsync(QueueEngine.Gateway.IGatewayEvent e)
    {
        var router = await Services.GetRequiredService<IRequiredActor<GatewayEventsRouter>>().GetAsync();
        var answer = await router.Ask<object>(e, TimeSpan.FromSeconds(10));
        Assert.IsType<QueueEngine.Gateway.GatewayEventRouted>(answer);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (OwnsDirectory && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    private WebApplicationFactory<Program> Create()
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in _settings) builder.UseSetting(key, value);
            builder.ConfigureLogging(logging => logging.ClearProviders());
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedTime(Now)));
        });
        _ = factory.Services; // start now: the engine loads the store before the first request
        return factory;
    }
}

/// <summary>A client (tenant) of the service and an HTTP client that uses its key.</summary>
public sealed record TestTenant(long Id, string Key, HttpClient Http) : IDisposable
{
    public void Dispose() => Http.Dispose();
}

/// <summary>Request and response helpers.</summary>
public static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonObject> ReadObject(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new Xunit.Sdk.XunitException($"Not a JSON object: {text}");
    }

    public static async Task<JsonArray> ReadArray(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonArray ?? throw new Xunit.Sdk.XunitException($"Not a JSON array: {text}");
    }

    /// <summary>Asserts the status and answers the JSON object body.</summary>
    public static async Task<JsonObject> Expect(HttpStatusCode status, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text) as JsonObject ?? throw new Xunit.Sdk.XunitException($"Not a JSON object: {text}");
    }

    /// <summary>Asserts a problem+json answer with this status; answers its body.</summary>
    public static async Task<JsonObject> ExpectProblem(HttpStatusCode status, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text) as JsonObject ?? throw new Xunit.Sdk.XunitException($"Not a JSON object: {text}");
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        return body;
    }

    /// <summary>Asserts a 400 problem whose <c>errors</c> name exactly these fields.</summary>
    public static async Task<JsonObject> ExpectInvalid(HttpResponseMessage response, params string[] fields)
    {
        var body = await ExpectProblem(HttpStatusCode.BadRequest, response);
        var errors = body["errors"] as JsonObject ?? throw new Xunit.Sdk.XunitException($"No errors object: {body}");
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        return errors;
    }

    /// <summary>Asserts that two JSON values are equal, showing both when they are not.</summary>
    public static void AssertJson(string expected, JsonNode? actual)
    {
        var want = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(want, actual), $"Expected {want?.ToJsonString()}\n     got {actual?.ToJsonString()}");
    }
}

/// <summary>WAV files for upload tests.</summary>
public static class TestWav
{
    /// <summary>A PCM WAV of silence: <paramref name="seconds"/> long at the given format.</summary>
    public static byte[] Create(double seconds, int sampleRate = 8000, short bitsPerSample = 16, short channels = 1)
    {
        var blockAlign = (short)(channels * bitsPerSample / 8);
        var byteRate = sampleRate * blockAlign;
        var dataLength = (int)(seconds * byteRate) / blockAlign * blockAlign;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8);
        w.Write(36 + dataLength);
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(16);
        w.Write((short)1); // PCM
        w.Write(channels);
        w.Write(sampleRate);
        w.Write(byteRate);
        w.Write(blockAlign);
        w.Write(bitsPerSample);
        w.Write("data"u8);
        w.Write(dataLength);
        w.Write(new byte[dataLength]);
        w.Flush();
        return stream.ToArray();
    }

    public static MultipartFormDataContent Upload(byte[] file, string? name = null, string fileName = "sound.wav")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(content, "file", fileName);
        if (name is not null) form.Add(new StringContent(name), "name");
        return form;
    }
}
