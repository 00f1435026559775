using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PredictionSdk.Benchmarks.Inference;

/// <summary>Items per second: a benchmark parameter (items per call) divided by the mean time per call.</summary>
public sealed class ThroughputColumn(string itemsParameter) : IColumn
{
    public string Id => "Throughput." + itemsParameter;

    public string ColumnName => "Windows/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{itemsParameter} divided by the mean time per call";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null || benchmarkCase.Parameters[itemsParameter] is not int items)
        {
            return "NA";
        }

        return (items / (statistics.Mean / 1e9)).ToString("N0", CultureInfo.InvariantCulture);
    }
}
