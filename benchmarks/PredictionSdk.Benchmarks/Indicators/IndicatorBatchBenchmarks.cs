using BenchmarkDotNet.Attributes;
using PredictionSdk.Indicators;

namespace PredictionSdk.Benchmarks.Indicators;

/// <summary>
/// Batch form of each indicator (<c>candles.GetX(…)</c>, results included) over 502 and 100,000 bars.
/// Run: dotnet run -c Release --project benchmarks/PredictionSdk.Benchmarks -- --filter '*IndicatorBatch*' --job short
/// </summary>
[MemoryDiagnoser]
public class IndicatorBatchBenchmarks
{
    private List<Candle> _candles = [];

    [Params(502, 100_000)]
    public int Bars { get; set; }

    [GlobalSetup]
    public void Setup() => _candles = [.. IndicatorBenchmarkData.Walk(Bars)];

    [Benchmark]
    public object Sma() => _candles.GetSma(20);

    [Benchmark]
    public object Ema() => _candles.GetEma(20);

    [Benchmark]
    public object Wma() => _candles.GetWma(20);

    [Benchmark]
    public object Rsi() => _candles.GetRsi(14);

    [Benchmark]
    public object Macd() => _candles.GetMacd();

    [Benchmark]
    public object Stochastic() => _candles.GetStoch();

    [Benchmark]
    public object BollingerBands() => _candles.GetBollingerBands();

    [Benchmark]
    public object Atr() => _candles.GetAtr(14);

    [Benchmark]
    public object Obv() => _candles.GetObv();

    [Benchmark]
    public object Vwap() => _candles.GetVwap();

    [Benchmark]
    public object SessionVwap() => _candles.GetSessionVwap();

    [Benchmark]
    public object StdDev() => _candles.GetStdDev(20);

    [Benchmark]
    public object Adx() => _candles.GetAdx(14);

    [Benchmark]
    public object Ichimoku() => _candles.GetIchimoku();

    [Benchmark]
    public object Cci() => _candles.GetCci(20);

    [Benchmark]
    public object WilliamsR() => _candles.GetWilliamsR(14);

    [Benchmark]
    public object Roc() => _candles.GetRoc(12);

    [Benchmark]
    public object Mfi() => _candles.GetMfi(14);

    [Benchmark]
    public object ParabolicSar() => _candles.GetParabolicSar();

    [Benchmark]
    public object Keltner() => _candles.GetKeltner();

    [Benchmark]
    public object Donchian() => _candles.GetDonchian(20);
}
