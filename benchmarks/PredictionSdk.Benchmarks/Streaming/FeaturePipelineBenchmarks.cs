using BenchmarkDotNet.Attributes;
using PredictionSdk.Benchmarks.Inference;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Benchmarks.Streaming;

/// <summary>
/// The model stage's per-bar feature work on real BTC minutes (the first 30,000 bars of the bundled January 2024 file): <c>Update</c> commits each
/// closed bar in turn; <c>Preview</c> computes the row of an open bar (every indicator, window and aggregator previewed) after each commit.
/// Time is per bar.
/// </summary>
[MemoryDiagnoser]
public class FeaturePipelineBenchmarks
{
    private const int Bars = 30_000;
    private Candle[] _candles = [];
    private FeaturePipeline _pipeline = null!;

    /// <summary><c>crypto</c>: the default spec (77 features, 5m/15m/1h scales); <c>stock</c>: the same with New York session features.</summary>
    [Params("crypto", "stock")]
    public string Spec { get; set; } = "crypto";

    [GlobalSetup]
    public void Setup()
    {
        _candles = [.. BenchmarkData.Btc().Take(Bars)];
        if (_candles.Length != Bars)
        {
            throw new InvalidOperationException($"Expected {Bars} bars, the data file has {_candles.Length}.");
        }

        _pipeline = new FeaturePipeline(FeatureSpec.Default(Spec == "stock" ? AssetClass.Stock : AssetClass.Crypto));
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public float Update()
    {
        _pipeline.Reset();
        float checksum = 0;
        var candles = _candles.AsSpan(0, Bars);
        foreach (ref readonly var bar in candles)
        {
            checksum += _pipeline.Update(bar)[0];
        }

        return checksum;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public float UpdateAndPreview()
    {
        _pipeline.Reset();
        float checksum = 0;
        var candles = _candles.AsSpan(0, Bars);
        for (int i = 0; i < candles.Length; i++)
        {
            checksum += _pipeline.Update(candles[i])[0];
            // The next bar as the open one; the last bar previews itself a minute later.
            var open = i + 1 < candles.Length ? candles[i + 1] : candles[i] with { Timestamp = candles[i].Timestamp.AddMinutes(1) };
            checksum += _pipeline.Preview(open)[1];
        }

        return checksum;
    }
}
