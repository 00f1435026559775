using PredictionSdk.Data.Resampling;
using PredictionSdk.Indicators;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Features;

/// <summary>
/// The pipeline keeps its own compact streaming state (so that <see cref="FeaturePipeline.Preview"/> can
/// snapshot it without allocating); these tests pin its indicator features to the indicator library and
/// its multi-scale bars to the data library's aggregator.
/// </summary>
public class IndicatorAgreementTests
{
    private const int From = 600; // past every seed, so differences in warm-up conventions have decayed

    [Fact]
    public void Indicator_features_match_the_indicator_library()
    {
        var candles = TestData.Btc(2500);
        var matrix = FeaturePipeline.Transform(candles, FeatureSpec.Default());
        int n = candles.Count;
        double[] high = candles.Select(c => c.High).ToArray(), low = candles.Select(c => c.Low).ToArray();
        double[] close = candles.Select(c => c.Close).ToArray(), volume = candles.Select(c => c.Volume).ToArray();
        double[] rsi = new double[n], atr = new double[n], ema = new double[n], cci = new double[n], mfi = new double[n];
        double[] upper = new double[n], middle = new double[n], lower = new double[n], k = new double[n], d = new double[n];
        double[] adx = new double[n], plus = new double[n], minus = new double[n];
        Rsi.Compute(close, rsi, 14);
        Atr.Compute(high, low, close, atr, 14);
        Ema.Compute(close, ema, 21);
        Cci.Compute(high, low, close, cci, 20);
        Mfi.Compute(high, low, close, volume, mfi, 14);
        BollingerBands.Compute(close, upper, middle, lower, 20, 2);
        Stochastic.Compute(high, low, close, k, d, 14, 3, 1);
        Adx.Compute(high, low, close, adx, plus, minus, 14);

        var expected = new Dictionary<string, Func<int, double>>
        {
            ["rsi_14"] = i => (rsi[i] - 50) / 50,
            ["atr_pct_14"] = i => atr[i] / close[i],
            ["ema_dist_21"] = i => Math.Log(close[i] / ema[i]),
            ["cci_20"] = i => cci[i] / 100,
            ["mfi_14"] = i => (mfi[i] - 50) / 50,
            ["bb_pctb_20"] = i => (close[i] - lower[i]) / (upper[i] - lower[i]),
            ["stoch_k_14"] = i => (k[i] - 50) / 50,
            ["stoch_d_3"] = i => (d[i] - 50) / 50,
            ["adx_14"] = i => adx[i] / 100,
            ["di_diff_14"] = i => (plus[i] - minus[i]) / 100,
        };

        var names = matrix.FeatureNames.ToList();
        foreach (var (name, value) in expected)
        {
            int column = names.IndexOf(name);
            for (int i = From; i < n; i++)
            {
                double want = value(i);
                Assert.True(Math.Abs(matrix.Row(i)[column] - want) <= 1e-4 * (1 + Math.Abs(want)), $"{name} row {i}: {matrix.Row(i)[column]} vs library {want}");
            }
        }
    }

    [Fact]
    public void Multi_scale_bars_match_the_candle_aggregator()
    {
        var candles = TestData.Qqq(1600); // sessions with overnight gaps exercise the late-completion path
        var spec = FeatureSpec.Default(AssetClass.Stock);
        var matrix = FeaturePipeline.Transform(candles, spec);
        foreach (var interval in new[] { Interval.FiveMinutes, Interval.FifteenMinutes, Interval.OneHour })
        {
            int retColumn = matrix.FeatureNames.ToList().IndexOf($"ret_{interval.Name}");
            int rangeColumn = matrix.FeatureNames.ToList().IndexOf($"range_{interval.Name}");
            var aggregator = new CandleAggregator(interval);
            Candle? previous = null;
            for (int i = 0; i < candles.Count; i++)
            {
                if (aggregator.Add(candles[i], out var completed))
                {
                    var bar = completed.Candle;
                    Assert.Equal((float)Math.Log(bar.High / bar.Low), matrix.Row(i)[rangeColumn], 6);
                    if (previous is { } p)
                    {
                        Assert.Equal((float)Math.Log(bar.Close / p.Close), matrix.Row(i)[retColumn], 6);
                    }

                    previous = bar;
                }
            }
        }
    }
}
