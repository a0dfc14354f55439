if (args is ["load", ..]) { Environment.ExitCode = await QueueEngine.Benchmarks.Load.LoadCommand.RunAsync(args[1..]); return; } // gateway load tool: benchmarks/Load
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args); public partial class Program;
