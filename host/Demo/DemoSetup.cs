using System.Security.Cryptography;
using Microsoft.Extensions.Configuration.Memory;

namespace QueueEngine.Host.Demo;

/// <summary>The demo's calls and agents (configuration section <c>QueueEngine:Demo</c>). Durations in seconds.</summary>
public sealed class DemoOptions
{
    public const string Section = "QueueEngine:Demo";

    /// <summary>Mean time between two calls (a Poisson stream).</summary>
    public double CallIntervalSeconds { get; set; } = 4;

    /// <summary>How many calls to place; 0 = until the service stops.</summary>
    public int Calls { get; set; }

    /// <summary>Conversation length: uniform in [min, max].</summary>
    public double TalkMinSeconds { get; set; } = 6;

    public double TalkMaxSeconds { get; set; } = 24;

    /// <summary>Share of callers with limited patience (exponential, <see cref="PatienceMeanSeconds"/>): they may abandon.</summary>
    public double ImpatientProbability { get; set; } = 0.2;

    public double PatienceMeanSeconds { get; set; } = 40;

    /// <summary>Share of callers who press the exit key after 5 to 20 s, if still waiting then.</summary>
    public double ExitKeyProbability { get; set; } = 0.05;

    /// <summary>Share of conversations the agent ends (the caller is then asked for a rating).</summary>
    public double AgentHangsUpProbability { get; set; } = 0.3;

    /// <summary>Share of callers who key in a rating when asked.</summary>
    public double RatingProbability { get; set; } = 0.8;

    /// <summary>Local agents (each with a phone extension) at level 1; one remote agent is at level 2.</summary>
    public int LocalAgents { get; set; } = 6;

    /// <summary>Multiplies every duration of the simulated PBX and the call stream (not the engine's own timers).</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>Seed of the calls and the agents' answers; 0 = different every run.</summary>
    public int Seed { get; set; }
}

public static class DemoSetup
{
    public const string Command = "demo";
    public const string DefaultDataDirectory = "data-demo";

    /// <summary>
    /// Demo mode (<c>dotnet run --project host -- demo</c>): the service as usual, plus
    /// <see cref="DemoRunner"/>, which creates a sample client, queue and agents through the REST
    /// API and drives calls into it with a simulated PBX over the HTTP gateway. Whatever is not
    /// configured gets a demo default, below everything configured (command line, environment,
    /// appsettings): a generated admin and gateway key (printed once), the data directory
    /// <c>./data-demo</c>, readable one-line console logs without a line per request.
    /// </summary>
    public static WebApplicationBuilder AddQueueEngineDemo(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var defaults = new Dictionary<string, string?>
        {
            ["QueueEngine:DataDirectory"] = DefaultDataDirectory,
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss ",
            ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Warning",
        };
        var generated = new List<string>();
        foreach (var key in new[] { "QueueEngine:AdminApiKey", "QueueEngine:GatewayApiKey" })
        {
            if (!string.IsNullOrEmpty(config[key])) continue;
            defaults[key] = $"demo-{(key.Contains("Admin", StringComparison.Ordinal) ? "admin" : "gateway")}-" +
                            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            generated.Add(key);
        }
        // Above the service's own logging defaults (index 0), below everything configured.
        config.Sources.Insert(Math.Min(1, config.Sources.Count), new MemoryConfigurationSource { InitialData = defaults });

        builder.Services.AddOptions<DemoOptions>().Bind(config.GetSection(DemoOptions.Section));
        builder.Services.AddSingleton(new DemoKeys(generated));
        builder.Services.AddHostedService<DemoRunner>();
        return builder;
    }
}

/// <summary>Which keys demo mode generated (they are printed once; configured ones are not).</summary>
public sealed record DemoKeys(IReadOnlyList<string> Generated);
