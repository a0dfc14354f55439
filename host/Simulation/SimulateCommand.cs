using System.Diagnostics;
using System.Globalization;
using QueueEngine.Simulation;
using Spectre.Console;

namespace QueueEngine.Host.Simulation;

/// <summary>
/// <c>simulate SCENARIO.json [--out REPORT.json] [--csv DIR] [--threads N]</c>: runs a scenario (QUEUE-SPEC §7)
/// through the engine in virtual time, prints a per-queue summary, and writes the JSON report and
/// the per-interval CSV. Exit codes: 0 done, 2 bad arguments or a bad scenario (the problems are
/// listed by JSON path), 1 an unexpected failure.
/// </summary>
public static class SimulateCommand
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    /// <summary>Runs with the process's console (a progress bar on stderr when it is a terminal).</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);

    /// <summary>Runs with the given writers (tests capture the output this way).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false)
    {
        var console = CreateConsole(stdout, ansi: interactive && !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out));
        if (ParseArguments(args) is not { } options)
        {
            await stderr.WriteLineAsync(Usage);
            return BadInput;
        }
        if (options.Help)
        {
            await stdout.WriteLineAsync(Usage);
            return Ok;
        }
        options = options with { Scenario = Resolve(options.Scenario!), Out = Resolve(options.Out), Csv = Resolve(options.Csv) };

        Scenario scenario;
        try
        {
            scenario = ScenarioParser.Parse(await File.ReadAllTextAsync(options.Scenario!));
        }
        catch (ScenarioException e)
        {
            await stderr.WriteLineAsync($"error: {options.Scenario} is not a valid scenario ({Count(e.Errors.Count, "problem")}):");
            foreach (var error in e.Errors) await stderr.WriteLineAsync($"  {error.Path}: {error.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await stderr.WriteLineAsync($"error: cannot read {options.Scenario}: {e.Message}");
            return BadInput;
        }

        SimulationResult result;
        try
        {
            result = Run(scenario, options.Threads, stderr, interactive);
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"error: the simulation failed: {e.GetType().Name}: {e.Message}");
            return Failed;
        }
        var peakBytes = Process.GetCurrentProcess().PeakWorkingSet64;

        PrintSummary(console, result, peakBytes);
        try
        {
            if (options.Out is { } outPath)
            {
                if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } dir) Directory.CreateDirectory(dir);
                await File.WriteAllTextAsync(outPath, SimulationReport.ToJson(result));
                console.MarkupLineInterpolated($"Report: {outPath}");
            }
            if (options.Csv is { } csvDir)
                console.MarkupLineInterpolated($"Intervals: {SimulationReport.WriteCsv(result, csvDir)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: cannot write the output: {e.Message}");
            return Failed;
        }
        if (result.EngineWarnings.Count > 0)
            await stderr.WriteLineAsync($"warning: the engine logged {result.EngineWarnings.Count} warnings or errors during the run, the first: {result.EngineWarnings[0]}");
        if (result.CallersHungUpAfterDrainLimit > 0)
            await stderr.WriteLineAsync($"warning: {result.CallersHungUpAfterDrainLimit} callers were still waiting 24 h after the end and were hung up (counted as abandoned)");
        return Ok;
    }

    public const string Usage = """
        usage: simulate SCENARIO.json [--out REPORT.json] [--csv DIR] [--threads N]

          SCENARIO.json   the scenario (QUEUE-SPEC §7)
          --out FILE      write the JSON report there
          --csv DIR       write DIR/intervals.csv: per queue and 15 simulated minutes, offered,
                          answered, abandoned, service level, ASA, agents logged in, occupancy
          --threads N     run queues that share no agent on up to N threads (default: one per
                          processor); the figures are the same for any N, only the time differs
        """;

    private sealed record Options(string? Scenario, string? Out, string? Csv, bool Help, int Threads = 0);

    /// <summary>
    /// A relative path is taken from the directory the command was typed in. <c>dotnet run</c> starts
    /// the (web) host in its project folder, but the shell's <c>PWD</c> still names the caller's one.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(path))]
    private static string? Resolve(string? path)
    {
        if (path is null || Path.IsPathRooted(path)) return path;
        var typedIn = Environment.GetEnvironmentVariable("PWD");
        return string.IsNullOrEmpty(typedIn) || !Directory.Exists(typedIn) ? path : Path.GetFullPath(Path.Combine(typedIn, path));
    }

    private static Options? ParseArguments(string[] args)
    {
        string? scenario = null, output = null, csv = null;
        var threads = Environment.ProcessorCount;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    return new Options(null, null, null, Help: true);
                case "--out" or "-o" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--threads" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 1) return null;
                    break;
                case "--csv" when i + 1 < args.Length:
                    csv = args[++i];
                    break;
                case var a when a.StartsWith('-') || scenario is not null:
                    return null;
                default:
                    scenario = args[i];
                    break;
            }
        }
        return scenario is null ? null : new Options(scenario, output, csv, Help: false, threads);
    }

    /// <summary>Runs the scenario, with a progress bar on stderr for runs expected to take more than a couple of seconds.</summary>
    private static SimulationResult Run(Scenario scenario, int threads, TextWriter stderr, bool interactive)
    {
        // About 100,000 calls take a couple of seconds; smaller runs finish before a bar is worth drawing.
        if (!interactive || scenario.ExpectedCalls < 100_000) return Simulator.Run(scenario, new SimulationOptions { Parallelism = threads });

        SimulationResult? result = null;
        // The caller checked that stderr is a terminal, so the bar can redraw itself in place.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"simulating {scenario.Name}", maxValue: scenario.DurationSeconds);
                result = Simulator.Run(scenario, new SimulationOptions
                {
                    Parallelism = threads,
                    Progress = p =>
                    {
                        task.Value = p.SimulatedSeconds;
                        task.Description = $"simulating {scenario.Name}: {Hours(p.SimulatedSeconds)} h, {p.Calls:N0} calls";
                    },
                });
                task.StopTask();
            });
        return result!;
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool ansi)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = ansi ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = ansi ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!ansi) console.Profile.Width = 160; // a file or pipe has no width; keep the table on one line per row
        return console;
    }

    private static void PrintSummary(IAnsiConsole console, SimulationResult r, long peakBytes)
    {
        var s = r.Scenario;
        console.MarkupLineInterpolated(
            $"[bold]{s.Name}[/] (seed {s.Seed}): {Hours(r.SimulatedSeconds)} simulated hours, {r.Calls:N0} calls, {r.Agents.Count:N0} agents");
        console.MarkupLineInterpolated(
            $"ran in {r.WallSeconds:0.00} s: {r.CallsPerWallSecond:N0} calls per second, peak memory {peakBytes / (1024.0 * 1024):N0} MiB");

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("queue");
        foreach (var column in new[] { "offered", "answered", "abandoned", "other exits", "SL", "ASA", "avg wait", "max wait", "avg talk", "occupancy", "Erlang C SL / ASA" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var q in r.Queues)
        {
            var other = q.Timeout + q.NoAgentTimeout + q.NoAgentsOnEntry + q.ExitKey;
            var erlang = q.ErlangC is { } e ? $"{Percent(e.ServiceLevel)} / {e.AsaSeconds:0.0} s" : "-";
            table.AddRow(
                Id(q.Id), N(q.Offered), N(q.Answered), Share(q.Abandoned, q.Offered), OtherExits(q, other),
                Percent(q.ServiceLevel), Secs(q.AsaSeconds), Secs(q.AvgWaitSeconds), Secs(q.MaxWaitSeconds), Secs(q.AvgTalkSeconds),
                Percent(q.Occupancy), erlang);
        }
        console.Write(table);
        var sl = s.ServiceLevelSeconds.ToString(CultureInfo.InvariantCulture);
        console.MarkupLineInterpolated($"SL: answered within {sl} s of all offered. Occupancy: talk + wrap-up of the queue's agents per logged-in time.");
    }

    private static string OtherExits(QueueStatistics q, long total)
    {
        if (total == 0) return "0";
        var parts = new List<string>();
        if (q.Timeout > 0) parts.Add($"timeout {N(q.Timeout)}");
        if (q.NoAgentTimeout > 0) parts.Add($"no-agent {N(q.NoAgentTimeout)}");
        if (q.NoAgentsOnEntry > 0) parts.Add($"refused {N(q.NoAgentsOnEntry)}");
        if (q.ExitKey > 0) parts.Add($"exit key {N(q.ExitKey)}");
        return Markup.Escape(string.Join(", ", parts));
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    private static string Share(long n, long of) => of > 0 ? $"{N(n)} ({((double)n / of * 100).ToString("0.0", CultureInfo.InvariantCulture)}%)" : N(n);
    private static string Percent(double? share) => share is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";
    private static string Secs(double? seconds) => seconds is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "-";
    private static string Hours(double seconds) => (seconds / 3600).ToString("0.##", CultureInfo.InvariantCulture);
    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
