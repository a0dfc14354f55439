using System.Diagnostics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace QueueEngine.Benchmarks.Support;

/// <summary>
/// A BenchmarkDotNet clock that reads the CPU time of the benchmark process
/// (<c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>, nanoseconds) instead of the wall clock.
/// </summary>
/// <remarks>
/// The project's machines are shared: other processes take the CPU in bursts, and wall-clock time
/// then counts the time this process was not even running (the first full runs here varied up to 3x
/// between runs for the same case). For the single-threaded benchmarks (strategy objects, the engine
/// on the synchronous dispatcher) CPU time is the cost itself, and it equals wall-clock time on an idle
/// machine. It includes the GC and JIT threads of the process. Not for the multi-threaded Akka
/// ping-pong, whose figure is a wall-clock throughput. On other systems than Linux it falls back to
/// the wall clock (<see cref="Stopwatch"/>).
/// </remarks>
public sealed class ProcessCpuClock : IClock
{
    private const int ClockProcessCpuTimeId = 2;

    public string Title => OperatingSystem.IsLinux() ? "process CPU time" : "Stopwatch (no process CPU clock here)";

    public bool IsAvailable => true;

    public Frequency Frequency => OperatingSystem.IsLinux() ? Frequency.GHz : new Frequency(Stopwatch.Frequency);

    public long GetTimestamp()
    {
        if (!OperatingSystem.IsLinux()) return Stopwatch.GetTimestamp();
        if (clock_gettime(ClockProcessCpuTimeId, out var t) != 0)
            throw new InvalidOperationException($"clock_gettime failed: errno {Marshal.GetLastPInvokeError()}");
        return t.Seconds * 1_000_000_000L + t.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}

/// <summary>Measures the benchmarks of a class with <see cref="ProcessCpuClock"/>, whatever the job.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ProcessCpuClockAttribute : JobMutatorConfigBaseAttribute
{
    public ProcessCpuClockAttribute() : base(Job.Default.WithClock(new ProcessCpuClock()))
    {
    }
}
