using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using QueueEngine.Benchmarks.Support;

// Full run:  dotnet run -c Release --project benchmarks -- --filter '*'
// Quick run: dotnet run -c Release --project benchmarks -- --filter '*' --job short   (see README)

// Benchmark processes inherit this variable and record retained memory there.
var retained = Path.Combine(Path.GetTempPath(), $"queueengine-bench-{Environment.ProcessId}");
Directory.CreateDirectory(retained);
Environment.SetEnvironmentVariable(RetainedMemory.DirectoryVariable, retained);

var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.OperationsPerSecond, new ScaleRatioColumn(), new RetainedBytesColumn());

// Without a --job on the command line, the full run's job: fewer iterations than BenchmarkDotNet's
// default (which would take hours here), enough for a stable mean on this 2-core machine.
if (!args.Any(static a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal)))
    config = config.AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("Full"));

try
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
}
finally
{
    Directory.Delete(retained, recursive: true);
}

public partial class Program;
