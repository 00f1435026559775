using BenchmarkDotNet.Attributes;
using PredictionSdk.Streaming;

namespace PredictionSdk.Benchmarks.Streaming;

/// <summary>
/// Sustained throughput of the whole pipeline (source → validate → indicators → [features] → fan-out) on closed
/// 1-minute bars of 100 symbols; one operation is one candle update.
/// </summary>
[MemoryDiagnoser]
public class StreamingThroughputBenchmarks
{
    private const int SymbolCount = 100, Minutes = 2_000, Updates = SymbolCount * Minutes;
    private Symbol[] _symbols = [];
    private CandleUpdate[] _updates = [];

    /// <summary>
    /// Stage after the indicators: none, the model's feature pipeline (77 features) with no inference, or the bundled tiny
    /// Hybrid through ONNX Runtime (its 60 features, inference and calibration on every closed bar once warmed up).
    /// </summary>
    [Params("indicators", "features", "onnx")]
    public string Stages { get; set; } = "indicators";

    [GlobalSetup]
    public void Setup()
    {
        _symbols = StreamingData.Symbols(SymbolCount);
        _updates = StreamingData.Generate(_symbols, Minutes);
    }

    [Benchmark(OperationsPerInvoke = Updates)]
    public async Task<long> Pipeline()
    {
        var options = StreamingData.Options(_symbols, workers: 2);
        options.ModelPath = Stages == "onnx" ? StreamingData.BundlePath : null;
        await using var stream = new RealTimeStream([new ArraySource(_updates)], options, null, Stages == "features" ? (s, _) => new FeatureOnlyPredictor(s) : null);
        await stream.StartAsync();
        await stream.Completion;
        var stats = stream.Statistics;
        return stats.CandlesOut != Updates ? throw new InvalidOperationException($"{stats.CandlesOut} of {Updates} candles came out") : stats.CandlesOut;
    }
}
