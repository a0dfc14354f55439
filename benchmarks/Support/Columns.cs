using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace QueueEngine.Benchmarks.Support;

/// <summary>
/// A statistic of this case divided by the same statistic of the same benchmark with the smallest
/// value of its scale parameter (<c>Agents</c> or <c>Waiting</c>) and the same other parameters: the
/// "cost at 10,000 / cost at 100" of the strategy target reads straight off the table. Two of them
/// are shown: on the median, and on the minimum. On a shared machine other processes only ever add
/// time, in bursts, so the minimum iteration is the least disturbed estimate of the intrinsic cost
/// and the median the typical one.
/// </summary>
public sealed class ScaleRatioColumn(string name, Func<Statistics, double> statistic) : IColumn
{
    private static readonly string[] ScaleParameters = ["Agents", "Waiting"];

    public static readonly ScaleRatioColumn OnMedian = new("vs smallest (median)", static s => s.Median);
    public static readonly ScaleRatioColumn OnMin = new("vs smallest (min)", static s => s.Min);

    public string Id => nameof(ScaleRatioColumn) + "." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "The statistic relative to the same benchmark at the smallest Agents / Waiting";

    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => c.Parameters.Items.Any(p => ScaleParameters.Contains(p.Name)));

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var scale = benchmarkCase.Parameters.Items.FirstOrDefault(p => ScaleParameters.Contains(p.Name));
        if (scale is null) return "-";
        var smallest = summary.BenchmarksCases
            .Where(c => c.Descriptor.WorkloadMethod == benchmarkCase.Descriptor.WorkloadMethod
                        && c.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo
                        && SameOtherParameters(c, benchmarkCase, scale.Name))
            .MinBy(c => Convert.ToInt64(c.Parameters[scale.Name], CultureInfo.InvariantCulture));
        var value = summary[benchmarkCase]?.ResultStatistics is { } s ? statistic(s) : (double?)null;
        var baseValue = smallest is not null && summary[smallest]?.ResultStatistics is { } b ? statistic(b) : (double?)null;
        return value is { } v && baseValue is { } bv && bv > 0 ? (v / bv).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "?";
    }

    private static bool SameOtherParameters(BenchmarkCase a, BenchmarkCase b, string except) =>
        a.Parameters.Items.Where(p => p.Name != except)
            .All(p => Equals(p.Value?.ToString(), b.Parameters[p.Name]?.ToString()));
}

/// <summary>Retained heap per operation, as recorded by <see cref="RetainedMemory"/> (median over iterations).</summary>
public sealed class RetainedBytesColumn : IColumn
{
    public string Id => nameof(RetainedBytesColumn);
    public string ColumnName => "Retained/op";
    public bool AlwaysShow => false;
    public ColumnCategory Category => ColumnCategory.Metric;
    public int PriorityInCategory => 10;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Size;
    public string Legend => "Heap still in use per operation after a full GC (median over iterations)";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Values(c).Count > 0);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => Values(benchmarkCase).Count == 0;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var values = Values(benchmarkCase).Order().ToList();
        if (values.Count == 0) return "-";
        var median = values[values.Count / 2];
        return median.ToString("N0", CultureInfo.InvariantCulture) + " B";
    }

    private static IReadOnlyList<double> Values(BenchmarkCase benchmarkCase) =>
        RetainedMemory.Read(benchmarkCase.Descriptor.WorkloadMethod.Name);
}
