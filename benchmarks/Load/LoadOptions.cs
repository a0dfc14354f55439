using System.Globalization;

namespace QueueEngine.Benchmarks.Load;

/// <summary>The load tool's command line.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        dotnet run -c Release --project benchmarks -- load [options]

        Drives calls into a running QueueEngine through its HTTP gateway and measures, per call, the time
        from posting call.entered to reading the matching ring command on GET /gateway/commands.

          --url URL             the service (default http://127.0.0.1:5080)
          --admin-key KEY       admin key, to create the test client, queue and agents (or QE_ADMIN_KEY)
          --gateway-key KEY     gateway key (or QE_GATEWAY_KEY)
          --rate N              calls per second to enter (default 500)
          --seconds N           measured seconds (default 30)
          --warmup N            seconds before measuring, not counted: the rate climbs to the target
                                over the first half and holds for the second (default 15)
          --agents N            remote agents in the test queue, enough that every call gets one at once (default 3000)
          --talk-min S, --talk-max S   conversation length in seconds, uniform (default 1 and 2)
          --ready-timeout S     how long to wait for /readyz (default 60)
          --server-pid PID      the service's process on this machine: its CPU time is reported (Linux)
          --json PATH           also write the results as JSON
          --samples PATH        write every measured call (send time, entered->ring, POST round trip) as CSV
        """;

    public Uri Url { get; init; } = new("http://127.0.0.1:5080/");
    public string AdminKey { get; init; } = "";
    public string GatewayKey { get; init; } = "";
    public double Rate { get; init; } = 500;
    public double Seconds { get; init; } = 30;
    public double WarmupSeconds { get; init; } = 15;
    public int Agents { get; init; } = 3000;
    public double TalkMinSeconds { get; init; } = 1;
    public double TalkMaxSeconds { get; init; } = 2;
    public double ReadyTimeoutSeconds { get; init; } = 60;
    public string? JsonPath { get; init; }
    public int? ServerPid { get; init; }
    public string? SamplesPath { get; init; }

    /// <summary>Parses the arguments after <c>load</c>; null with a message when they are wrong.</summary>
    public static LoadOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var o = new LoadOptions
        {
            AdminKey = Environment.GetEnvironmentVariable("QE_ADMIN_KEY") ?? "",
            GatewayKey = Environment.GetEnvironmentVariable("QE_GATEWAY_KEY") ?? "",
        };
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error = "";
                return null;
            }
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return null;
            }
            var value = args[++i];
            try
            {
                o = name switch
                {
                    "--url" => o with { Url = new Uri(value.EndsWith('/') ? value : value + "/") },
                    "--admin-key" => o with { AdminKey = value },
                    "--gateway-key" => o with { GatewayKey = value },
                    "--rate" => o with { Rate = Positive(value) },
                    "--seconds" => o with { Seconds = Positive(value) },
                    "--warmup" => o with { WarmupSeconds = NotNegative(value) },
                    "--agents" => o with { Agents = (int)Positive(value) },
                    "--talk-min" => o with { TalkMinSeconds = NotNegative(value) },
                    "--talk-max" => o with { TalkMaxSeconds = NotNegative(value) },
                    "--ready-timeout" => o with { ReadyTimeoutSeconds = Positive(value) },
                    "--json" => o with { JsonPath = value },
                    "--samples" => o with { SamplesPath = value },
                    "--server-pid" => o with { ServerPid = (int)Positive(value) },
                    _ => throw new FormatException($"unknown option {name}"),
                };
            }
            catch (Exception e) when (e is FormatException or UriFormatException)
            {
                error = $"{name} {value}: {e.Message}";
                return null;
            }
        }
        if (o.AdminKey.Length == 0 || o.GatewayKey.Length == 0) error = "the admin key and the gateway key are required";
        else if (o.TalkMaxSeconds < o.TalkMinSeconds) error = "--talk-max must be at least --talk-min";
        return error is null ? o : null;
    }

    private static double Positive(string value)
    {
        var n = NotNegative(value);
        return n > 0 ? n : throw new FormatException("must be more than 0");
    }

    private static double NotNegative(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && double.IsFinite(n)
            ? n
            : throw new FormatException("must be a number, at least 0");
}
