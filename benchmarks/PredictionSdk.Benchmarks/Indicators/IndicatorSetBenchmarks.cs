using BenchmarkDotNet.Attributes;
using PredictionSdk.Indicators;

namespace PredictionSdk.Benchmarks.Indicators;

/// <summary>
/// The standard <see cref="IndicatorSet"/>: one streaming update, one preview of the open bar, and a full pass over 1,000,000 bars.
/// Run: dotnet run -c Release --project benchmarks/PredictionSdk.Benchmarks -- --filter '*IndicatorSet*' --job short
/// </summary>
[MemoryDiagnoser]
public class IndicatorSetBenchmarks
{
    private const int WarmBars = 5_000;
    private Candle[] _feed = [];
    private Candle[] _million = [];
    private IndicatorSet _set = null!;
    private Candle _open;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        // A long feed so every Add gets a new, later bar; the set is warmed up first.
        _feed = IndicatorBenchmarkData.Walk(20_000_000 / 10, seed: 7);
        _million = IndicatorBenchmarkData.Walk(1_000_000, seed: 9);
        _set = IndicatorSet.CreateDefault();
        for (_next = 0; _next < WarmBars; _next++)
        {
            _set.Add(_feed[_next]);
        }

        Candle last = _feed[_next - 1];
        _open = last with { Timestamp = last.Timestamp.AddMinutes(1), Close = last.Close * 1.0005, High = last.High * 1.001 };
    }

    /// <summary>Commit one closed bar to every indicator of the set.</summary>
    [Benchmark]
    public double StreamingAdd()
    {
        if (_next == _feed.Length)
        {
            _set.Reset();
            _next = 0;
        }

        return _set.Add(_feed[_next++])[0];
    }

    /// <summary>Preview the open bar through every indicator of the set.</summary>
    [Benchmark]
    public double StreamingPreview()
    {
        Candle open = _open with { Timestamp = _next < _feed.Length ? _feed[_next].Timestamp : _open.Timestamp };
        return _set.Preview(open)[0];
    }

    /// <summary>The standard set streamed over 1,000,000 bars (a fresh set each run).</summary>
    [Benchmark]
    public double StreamFullSet1M()
    {
        IndicatorSet set = IndicatorSet.CreateDefault();
        double sink = 0;
        foreach (Candle c in _million)
        {
            sink += set.Add(c)[0];
        }

        return sink;
    }

    /// <summary>Every indicator's batch form over 1,000,000 bars.</summary>
    [Benchmark]
    public int BatchFullSet1M()
    {
        Candle[] c = _million;
        return c.GetSma(20).Count + c.GetEma(20).Count + c.GetWma(20).Count + c.GetRsi(14).Count + c.GetMacd().Count
            + c.GetStoch().Count + c.GetBollingerBands().Count + c.GetAtr(14).Count + c.GetObv().Count + c.GetVwap().Count
            + c.GetSessionVwap().Count + c.GetStdDev(20).Count + c.GetAdx(14).Count + c.GetIchimoku().Count + c.GetCci(20).Count
            + c.GetWilliamsR(14).Count + c.GetRoc(12).Count + c.GetMfi(14).Count + c.GetParabolicSar().Count + c.GetKeltner().Count
            + c.GetDonchian(20).Count;
    }
}
