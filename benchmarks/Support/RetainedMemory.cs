using System.Globalization;

namespace QueueEngine.Benchmarks.Support;

/// <summary>
/// Retained heap per item, measured inside the benchmark process and handed to the
/// <see cref="RetainedBytesColumn"/> of the host process through files in a directory whose path
/// the host puts in <see cref="DirectoryVariable"/> (benchmark processes inherit the variable).
/// </summary>
public static class RetainedMemory
{
    public const string DirectoryVariable = "QUEUEENGINE_BENCH_RETAINED_DIR";

    /// <summary>The heap after a full, blocking collection.</summary>
    public static long Baseline() => GC.GetTotalMemory(forceFullCollection: true);

    /// <summary>Records (heap now − <paramref name="before"/>) / <paramref name="items"/> under <paramref name="key"/>.</summary>
    public static void Record(string key, long before, int items)
    {
        var perItem = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)items;
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is not { Length: > 0 } directory) return;
        File.AppendAllText(Path.Combine(directory, key + ".txt"), perItem.ToString("R", CultureInfo.InvariantCulture) + "\n");
    }

    /// <summary>Every value recorded under <paramref name="key"/> (one per iteration, warm-up included).</summary>
    public static IReadOnlyList<double> Read(string key)
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is not { Length: > 0 } directory) return [];
        var path = Path.Combine(directory, key + ".txt");
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path)
            .Where(static l => l.Length > 0)
            .Select(static l => double.Parse(l, CultureInfo.InvariantCulture))
            .ToList();
    }
}
