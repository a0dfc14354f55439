using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using QueueEngine.Simulation;

namespace QueueEngine.Benchmarks;

/// <summary>
/// End-to-end simulated throughput: the simulator's benchmark scenario (1,000 agents in 20 queues,
/// benchmarks/scenarios/benchmark-1000-agents.json) through the real engine in virtual time, cut to
/// its first <see cref="SimulatedMinutes"/> simulated minutes so that one operation takes seconds,
/// not a minute. It runs as <c>simulate</c> does, with one thread per processor: the scenario's 20
/// queues share no agents, so they run as independent parts side by side (see ScenarioPartitioner).
/// The "calls/s" column divides the scenario's calls (deterministic under its seed,
/// counted once by <see cref="CallsOf"/>) by the measured time of one run.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 5)]
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class EndToEndBenchmarks
{
    [Params(30)]
    public int SimulatedMinutes { get; set; }

    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup() => _scenario = Load(SimulatedMinutes);

    [Benchmark(Description = "simulate 1,000 agents / 20 queues")]
    public long Simulate() => Simulator.Run(_scenario).Calls;

    internal static Scenario Load(int minutes)
    {
        var path = FindScenario();
        return ScenarioParser.ParseFile(path) with { DurationSeconds = minutes * 60 };
    }

    private static string FindScenario()
    {
        // BenchmarkDotNet runs the benchmark from its own build folder: look upwards for the repository's file.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "benchmarks", "scenarios", "benchmark-1000-agents.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("benchmarks/scenarios/benchmark-1000-agents.json not found above " + AppContext.BaseDirectory);
    }

    private static readonly Dictionary<int, long> CallsCache = new();

    /// <summary>The calls of the cut scenario: one run, deterministic under the scenario's seed.</summary>
    internal static long CallsOf(int minutes)
    {
        lock (CallsCache)
        {
            if (!CallsCache.TryGetValue(minutes, out var calls))
                CallsCache[minutes] = calls = Simulator.Run(Load(minutes)).Calls;
            return calls;
        }
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new CallsPerSecondColumn());
    }

    private sealed class CallsPerSecondColumn : IColumn
    {
        public string Id => "CallsPerSecond";
        public string ColumnName => "calls/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Simulated calls per wall-clock second (the scenario's calls / mean time of one run)";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            if (summary[benchmarkCase]?.ResultStatistics is not { } stats) return "?";
            var minutes = (int)benchmarkCase.Parameters["SimulatedMinutes"];
            var calls = CallsOf(minutes);
            return (calls / (stats.Mean / 1e9)).ToString("N0", CultureInfo.InvariantCulture);
        }
    }
}
