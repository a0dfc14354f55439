namespace QueueEngine.Host.Setup;

/// <summary>Where the service keeps its data (configuration section <c>QueueEngine</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "QueueEngine";

    /// <summary>
    /// The data directory: the SQLite database and the uploaded sounds. A relative path is taken
    /// from the content root (the working directory of <c>dotnet run</c>).
    /// </summary>
    public string DataDirectory { get; set; } = "data";
}

/// <summary>API keys and request limits (QUEUE-SPEC §1.7), configuration section <c>QueueEngine</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "QueueEngine";

    /// <summary>The admin key. When it is not set there is no admin: admin requests answer 401.</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>The gateway's key: it opens <c>/gateway/*</c> and nothing else. Not set = no gateway (401).</summary>
    public string? GatewayApiKey { get; set; }

    /// <summary>Per-key limit of the REST API.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The gateway key's own, much higher limit.</summary>
    public RateLimitOptions GatewayRateLimit { get; set; } = new() { RequestsPerPeriod = 2000, Burst = 10000 };
}

/// <summary>A token bucket: <see cref="Burst"/> requests at once, refilled by
/// <see cref="RequestsPerPeriod"/> every <see cref="PeriodSeconds"/>.</summary>
public sealed class RateLimitOptions
{
    public int RequestsPerPeriod { get; set; } = 20;
    public double PeriodSeconds { get; set; } = 1;
    public int Burst { get; set; } = 100;
}

/// <summary>Limits and fixed values of the REST API, configuration section <c>QueueEngine</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "QueueEngine";

    /// <summary>Largest sound upload (bytes); larger ones answer 413.</summary>
    public long MaxSoundBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest JSON request body (bytes); larger ones answer 413.</summary>
    public long MaxJsonBytes { get; set; } = 1024 * 1024;

    /// <summary>The SIP domain shown in extensions' <c>domain</c> field.</summary>
    public string SipDomain { get; set; } = "sip.localhost";

    /// <summary>How long the API waits for the engine's actors to confirm a change.</summary>
    public double EngineTimeoutSeconds { get; set; } = 10;
}

/// <summary>The gateway endpoints (configuration section <c>QueueEngine:Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "QueueEngine:Gateway";

    /// <summary>How many of the last commands are kept for gateways that reconnect with Last-Event-ID.</summary>
    public int CommandBufferSize { get; set; } = 200_000;

    /// <summary>The most events one <c>POST /gateway/events</c> may carry.</summary>
    public int MaxEventsPerRequest { get; set; } = 1000;
}

/// <summary>The clients' event streams (configuration section <c>QueueEngine:EventStream</c>).</summary>
public sealed class EventStreamOptions
{
    public const string Section = "QueueEngine:EventStream";

    /// <summary>Unread events kept per connection; past that the oldest unread are dropped.</summary>
    public int BufferSize { get; set; } = 10_000;
}
