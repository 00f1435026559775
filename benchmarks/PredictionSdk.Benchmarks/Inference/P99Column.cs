using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PredictionSdk.Benchmarks.Inference;

/// <summary>99th percentile of the measured iterations (one call each in the latency benchmarks).</summary>
public sealed class P99Column : IColumn
{
    public string Id => "P99";

    public string ColumnName => "P99";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => "99th percentile of all measured iterations";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null)
        {
            return "NA";
        }

        double ns = statistics.Percentiles.Percentile(99);
        return ns >= 1e6 ? $"{ns / 1e6:F3} ms" : $"{ns / 1e3:F1} μs";
    }
}
