using BenchmarkDotNet.Attributes;
using PredictionSdk.Data;
using PredictionSdk.Validation;

namespace PredictionSdk.Benchmarks.Data;

/// <summary>
/// Cost per bar of the shared validation rules on the bundled BTCUSDT file (30,000 real 1-minute bars): the checker
/// a live stream calls per closed bar, with and without the outlier rule, and a whole batch check. Each reported
/// time is per bar (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class CandleCheckerBenchmarks
{
    private const int Bars = 30_000;
    private Candle[] _bars = [];
    private CandleChecker _all = null!;
    private CandleChecker _valuesAndJumps = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bars = [.. CandleFile.ReadAllAsync(BundledData.Path("BTCUSDT-1m-2024-01.csv.gz")).GetAwaiter().GetResult()];
        if (_bars.Length != Bars)
        {
            throw new InvalidOperationException("The bundled file no longer has the expected row count.");
        }

        _all = new CandleChecker();
        _valuesAndJumps = new CandleChecker(new CandleCheckOptions { DetectOutliers = false });
    }

    /// <summary>Every rule: values, order, duplicates, jumps and the trailing-window outlier rule.</summary>
    [Benchmark(OperationsPerInvoke = Bars, Baseline = true)]
    public long CheckAllRules() => Run(_all);

    /// <summary>Without the outlier rule (values, order, duplicates, jumps).</summary>
    [Benchmark(OperationsPerInvoke = Bars)]
    public long CheckWithoutOutliers() => Run(_valuesAndJumps);

    /// <summary>Batch validation with the repair policy: the checker loop plus the cleaned list and issue list.</summary>
    [Benchmark(OperationsPerInvoke = Bars)]
    public long BatchRepair() => CandleBatchCheck.Run(_bars, policy: ValidationPolicy.Repair).AcceptedRows;

    private long Run(CandleChecker checker)
    {
        checker.Reset();
        long usable = 0;
        foreach (ref readonly var bar in _bars.AsSpan())
        {
            usable += checker.Check(bar).IsUsable ? 1 : 0;
        }

        return usable;
    }
}
