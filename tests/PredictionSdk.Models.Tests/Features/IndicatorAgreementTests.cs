using PredictionSdk.Data.Resampling;
using PredictionSdk.Indicators;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Features;

/// <summary>
/// The feature pipeline computes no indicator itself: every indicator feature is a fixed transformation of a column of
/// <see cref="IndicatorSet"/>. These tests build their own sets with the public builder, feed them the same bars (the
/// higher intervals through the batch <see cref="CandleResampler"/>) and require every such feature to equal the
/// transformed column bit for bit, on the bundled real data, with the open-bar preview equal to the commit.
/// </summary>
public class IndicatorAgreementTests
{
    private const int Period = 14; // FeatureSpec.MultiScalePeriod of the default spec

    /// <summary>Feature name → its value from the base set's columns (NaN while the column warms up) and the neutral value used meanwhile.</summary>
    private static readonly (string Feature, Func<Candle, Func<string, double>, double> Value, double Neutral)[] BaseFeatures =
    [
        ("rsi_14", (_, x) => (x("rsi14") - 50.0) / 50.0, 0),
        ("rsi_7", (_, x) => (x("rsi7") - 50.0) / 50.0, 0),
        ("atr_pct_14", (c, x) => x("atr14") / c.Close, 0),
        ("ema_dist_9", (c, x) => Math.Log(c.Close / x("ema9")), 0),
        ("ema_dist_21", (c, x) => Math.Log(c.Close / x("ema21")), 0),
        ("ema_dist_50", (c, x) => Math.Log(c.Close / x("ema50")), 0),
        ("ema_dist_200", (c, x) => Math.Log(c.Close / x("ema200")), 0),
        ("ema_cross_9_21", (_, x) => Math.Log(x("ema9") / x("ema21")), 0),
        ("macd_line", (c, x) => x("macd") / c.Close, 0),
        ("macd_signal", (c, x) => x("macd_signal") / c.Close, 0),
        ("macd_hist", (c, x) => x("macd_hist") / c.Close, 0),
        ("stoch_k_14", (_, x) => (x("stoch_k") - 50.0) / 50.0, 0),
        ("stoch_d_3", (_, x) => (x("stoch_d") - 50.0) / 50.0, 0),
        ("bb_pctb_20", (c, x) => (c.Close - x("bb_lower")) / (x("bb_upper") - x("bb_lower")), 0.5),
        ("bb_width_20", (_, x) => (x("bb_upper") - x("bb_lower")) / x("bb_middle"), 0),
        ("cci_20", (_, x) => x("cci20") / 100.0, 0),
        ("adx_14", (_, x) => x("adx14") / 100.0, 0),
        ("di_diff_14", (_, x) => (x("plus_di14") - x("minus_di14")) / 100.0, 0),
        ("donchian_pos_20", (c, x) => (2.0 * (c.Close - x("dc_lower")) / (x("dc_upper") - x("dc_lower"))) - 1.0, 0),
        ("mfi_14", (_, x) => (x("mfi14") - 50.0) / 50.0, 0),
        ("vwap_dist_session", (c, x) => Math.Log(c.Close / x("vwap_session")), 0),
    ];

    public static TheoryData<string, AssetClass> Files => new()
    {
        { "BTCUSDT-1m-2024-01", AssetClass.Crypto },
        { "QQQ-1m-2025-05", AssetClass.Stock },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void One_minute_indicator_features_equal_the_indicator_set_bit_for_bit(string file, AssetClass assetClass)
    {
        var candles = TestData.Load(file, 3000);
        var pipeline = new FeaturePipeline(FeatureSpec.Default(assetClass));
        var set = IndicatorSet.CreateBuilder()
            .AddEma(9).AddEma(21).AddEma(50).AddEma(200)
            .AddMacd(12, 26, 9)
            .AddRsi(14).AddRsi(7)
            .AddStoch(14, signalPeriod: 3, smoothPeriod: 1)
            .AddBollingerBands(20, 2)
            .AddAtr(14)
            .AddObv()
            .AddVwap(VwapAnchor.UtcDay)
            .AddAdx(14)
            .AddCci(20)
            .AddMfi(14)
            .AddDonchian(20)
            .Build();
        var names = pipeline.FeatureNames.ToList();
        var obv = new List<double>();
        var volumes = new List<double>();
        int compared = 0;
        for (int i = 0; i < candles.Count; i++)
        {
            var bar = candles[i];
            float[] preview = pipeline.Preview(bar).ToArray();
            float[] row = pipeline.Update(bar).ToArray();
            AssertBitwise(row, preview, names, $"{file} preview of row {i}");
            double[] values = set.Add(bar).ToArray();
            double Column(string column) => values[set.IndexOf(column)];
            foreach (var (feature, value, neutral) in BaseFeatures)
            {
                double expected = value(bar, Column);
                bool warming = double.IsNaN(expected) || double.IsInfinity(expected);
                AssertBitwise(warming ? neutral : expected, row[names.IndexOf(feature)], $"{file} {feature} row {i}");
                compared += warming ? 0 : 1;
            }

            // The 20-bar change of on-balance volume over the volume of those bars.
            obv.Add(Column("obv"));
            volumes.Add(bar.Volume);
            double flow = i >= 20 ? (obv[i] - obv[i - 20]) / volumes.Skip(i - 19).Sum() : 0;
            Assert.Equal(flow, row[names.IndexOf("obv_flow_20")], 1e-5);
        }

        Assert.True(compared > candles.Count * BaseFeatures.Length * 9 / 10, $"only {compared} values were past warm-up");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Higher_interval_features_equal_indicator_sets_on_resampled_bars_bit_for_bit(string file, AssetClass assetClass)
    {
        var candles = TestData.Load(file, 3000);
        var spec = FeatureSpec.Default(assetClass);
        var matrix = FeaturePipeline.Transform(candles, spec);
        var names = matrix.FeatureNames.ToList();
        foreach (var interval in new[] { Interval.FiveMinutes, Interval.FifteenMinutes, Interval.OneHour })
        {
            string n = interval.Name;
            var bars = CandleResampler.Resample(candles, interval, Interval.OneMinute).Where(b => b.IsComplete).Select(b => b.Candle).ToList();
            var known = KnownAt(candles, bars, interval);
            var set = IndicatorSet.CreateBuilder().AddEma(Period).AddRsi(Period).AddAtr(Period).Build();
            var states = new List<(double Ema, double Rsi, double Atr)>();
            foreach (var bar in bars)
            {
                var v = set.Add(bar);
                states.Add((v[0], v[1], v[2]));
            }

            int j = -1, compared = 0;
            for (int i = 0; i < candles.Count; i++)
            {
                while (j + 1 < bars.Count && known[j + 1] <= i)
                {
                    j++;
                }

                var row = matrix.Row(i);
                string where = $"{file} {n} row {i}";
                if (j < 0)
                {
                    Assert.Equal(0f, row[names.IndexOf($"ret_{n}")]);
                    continue;
                }

                var (ema, rsi, atr) = states[j];
                double c = candles[i].Close;
                AssertBitwise(j == 0 ? 0 : Math.Log(bars[j].Close / bars[j - 1].Close), row[names.IndexOf($"ret_{n}")], where);
                AssertBitwise(Math.Log(bars[j].High / bars[j].Low), row[names.IndexOf($"range_{n}")], where);
                AssertBitwise(double.IsNaN(ema) ? 0 : Math.Log(c / ema), row[names.IndexOf($"ema_dist_{Period}_{n}")], where);
                AssertBitwise(double.IsNaN(rsi) ? 0 : (rsi - 50.0) / 50.0, row[names.IndexOf($"rsi_{Period}_{n}")], where);
                AssertBitwise(double.IsNaN(atr) ? 0 : atr / bars[j].Close, row[names.IndexOf($"atr_pct_{Period}_{n}")], where);
                double[] returns = [.. Enumerable.Range(Math.Max(1, j - Period + 1), Math.Min(j, Period)).Select(b => Math.Log(bars[b].Close / bars[b - 1].Close))];
                double std = returns.Length == 0 ? 0 : Math.Sqrt(returns.Select(r => (r - returns.Average()) * (r - returns.Average())).Average());
                Assert.Equal(std, row[names.IndexOf($"ret_std_{Period}_{n}")], 1e-6);
                compared += double.IsNaN(rsi) ? 0 : 1;
            }

            Assert.True(compared > 0, $"{file} {n}: no row past the indicators' warm-up");
        }
    }

    [Fact]
    public void A_flat_market_reads_rsi_100_in_the_features_as_in_the_indicators()
    {
        // Wilder's RSI is 100 when the average loss is zero; a market without any move has no loss either.
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var flat = Enumerable.Range(0, 40).Select(i => new Candle(start.AddMinutes(i), 50, 50, 50, 50, 3)).ToArray();
        var matrix = FeaturePipeline.Transform(flat, FeatureSpec.Default());
        Assert.Equal(100, flat.GetRsi(14)[^1].Rsi);
        Assert.Equal(100, flat.GetRsi(7)[^1].Rsi);
        Assert.Equal(1f, matrix.Row(flat.Length - 1)[matrix.FeatureNames.ToList().IndexOf("rsi_14")]);
        Assert.Equal(1f, matrix.Row(flat.Length - 1)[matrix.FeatureNames.ToList().IndexOf("rsi_7")]);
    }

    /// <summary>
    /// The base row at which each complete higher bar is known: its last minute, or the first minute after it when that
    /// one is missing, and never two on one row (a bar completed by the same minute that closed the one before waits a row).
    /// </summary>
    private static int[] KnownAt(IReadOnlyList<Candle> minutes, List<Candle> bars, Interval interval)
    {
        var known = new int[bars.Count];
        int row = 0;
        for (int j = 0; j < bars.Count; j++)
        {
            DateTime lastMinute = bars[j].Timestamp + interval.Duration - TimeSpan.FromMinutes(1);
            while (minutes[row].Timestamp < lastMinute)
            {
                row++;
            }

            known[j] = j > 0 ? Math.Max(row, known[j - 1] + 1) : row;
        }

        return known;
    }

    private static void AssertBitwise(double expected, float actual, string what)
    {
        float want = (float)expected;
        Assert.True(BitConverter.SingleToInt32Bits(want) == BitConverter.SingleToInt32Bits(actual), $"{what}: expected {want:R}, got {actual:R}");
    }

    private static void AssertBitwise(float[] expected, float[] actual, List<string> names, string what)
    {
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[k]) == BitConverter.SingleToInt32Bits(actual[k]), $"{what}, {names[k]}: {expected[k]:R} vs {actual[k]:R}");
        }
    }
}
