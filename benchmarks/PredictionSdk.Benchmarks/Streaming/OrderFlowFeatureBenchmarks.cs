using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using PredictionSdk.Data;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Benchmarks.Streaming;

/// <summary>
/// The per-bar feature update on real futures minutes that carry order flow (the bundled NEAR file of 2023-02-01,
/// 1,440 bars in the data.binance.vision layout): the default crypto spec without and with the order-flow group, on
/// the same candles. Time is per bar; the <see cref="Candle"/> size is printed at setup.
/// </summary>
[MemoryDiagnoser]
public class OrderFlowFeatureBenchmarks
{
    private const int Bars = 1_440;
    private Candle[] _candles = [];
    private FeaturePipeline _pipeline = null!;

    /// <summary>Order-flow feature group on (taker-buy share, signed volume, trade intensity, VWAP vs close).</summary>
    [Params(false, true)]
    public bool OrderFlow { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _candles = [.. CandleFile.ReadAllAsync(Path.Combine(AppContext.BaseDirectory, "data", "NEARUSDT-1m-2023-02-01.csv.gz")).GetAwaiter().GetResult()];
        if (_candles.Length != Bars)
        {
            throw new InvalidOperationException($"Expected {Bars} bars, the data file has {_candles.Length}.");
        }

        var spec = FeatureSpec.Default();
        if (OrderFlow)
        {
            spec = spec.WithOrderFlowIfReported(_candles);
            if (!spec.HasOrderFlow)
            {
                throw new InvalidOperationException("The NEAR file lost its order-flow columns; this benchmark would measure the plain spec twice.");
            }
        }

        _pipeline = new FeaturePipeline(spec);
        Console.WriteLine($"// Unsafe.SizeOf<Candle>() = {Unsafe.SizeOf<Candle>()} bytes; {_pipeline.FeatureCount} features (order flow {(OrderFlow ? "on" : "off")})");
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public float Update()
    {
        _pipeline.Reset();
        float checksum = 0;
        foreach (ref readonly var bar in _candles.AsSpan())
        {
            checksum += _pipeline.Update(bar)[0];
        }

        return checksum;
    }
}
