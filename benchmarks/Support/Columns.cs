using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace QueueEngine.Benchmarks.Support;

/// <summary>
/// Mean of this case divided by the mean of the same benchmark with the smallest value of its
/// scale parameter (<c>Agents</c> or <c>Waiting</c>) and the same other parameters: the
/// "cost at 10,000 / cost at 100" of the strategy target reads straight off the table.
/// </summary>
public sealed class ScaleRatioColumn : IColumn
{
    private static readonly string[] ScaleParameters = ["Agents", "Waiting"];

    public string Id => nameof(ScaleRatioColumn);
    public string ColumnName => "vs smallest";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Mean relative to the same benchmark at the smallest Agents / Waiting";

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
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var baseMean = smallest is null ? null : summary[smallest]?.ResultStatistics?.Mean;
        return mean is { } m && baseMean is { } b && b > 0 ? (m / b).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "?";
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
