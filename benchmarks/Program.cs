using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using QueueEngine.Benchmarks.Support;

if (args is ["load", ..]) { Environment.ExitCode = await QueueEngine.Benchmarks.Load.LoadCommand.RunAsync(args[1..]); return; } // gateway load tool: benchmarks/Load

// Full run:  dotnet run -c Release --project benchmarks -- --filter '*'
// Quick run: dotnet run -c Release --project benchmarks -- --filter '*' --job short --iterationTime 50 --noOverheadEvaluation
// (see the README's Performance section)

// Benchmark processes inherit this variable and record retained memory there.
var retained = Path.Combine(Path.GetTempPath(), $"queueengine-bench-{Environment.ProcessId}");
Directory.CreateDirectory(retained);
Environment.SetEnvironmentVariable(RetainedMemory.DirectoryVariable, retained);

var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.OperationsPerSecond,
        ScaleRatioColumn.OnMedian, ScaleRatioColumn.OnMin, new RetainedBytesColumn())
    .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(30));

// Without a --job on the command line, the full run's job: two processes per case (code layout and
// JIT decisions differ between processes), a warm-up long enough for the engine's code to reach
// tier-1, and fewer iterations than BenchmarkDotNet's default, which would take hours here.
if (!args.Any(static a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal)))
    config = config.AddJob(Job.Default.WithLaunchCount(2).WithWarmupCount(5).WithIterationCount(10).WithId("Full"));

try
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
}
finally
{
    Directory.Delete(retained, recursive: true);
}

public partial class Program;
