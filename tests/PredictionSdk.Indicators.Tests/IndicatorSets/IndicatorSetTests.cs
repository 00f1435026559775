using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class IndicatorSetTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    /// <summary>Batch values of every standard column, the reference for the streaming set.</summary>
    private static Dictionary<string, double?[]> BatchColumns(IReadOnlyList<Candle> candles)
    {
        var macd = candles.GetMacd();
        var stoch = candles.GetStoch();
        var bb = candles.GetBollingerBands();
        return new Dictionary<string, double?[]>
        {
            ["sma20"] = [.. candles.GetSma(20).Select(r => r.Sma)],
            ["ema20"] = [.. candles.GetEma(20).Select(r => r.Ema)],
            ["wma20"] = [.. candles.GetWma(20).Select(r => r.Wma)],
            ["rsi14"] = [.. candles.GetRsi(14).Select(r => r.Rsi)],
            ["macd"] = [.. macd.Select(r => r.Macd)],
            ["macd_signal"] = [.. macd.Select(r => r.Signal)],
            ["macd_hist"] = [.. macd.Select(r => r.Histogram)],
            ["stoch_k"] = [.. stoch.Select(r => r.K)],
            ["stoch_d"] = [.. stoch.Select(r => r.D)],
            ["bb_upper"] = [.. bb.Select(r => r.UpperBand)],
            ["bb_middle"] = [.. bb.Select(r => r.Sma)],
            ["bb_lower"] = [.. bb.Select(r => r.LowerBand)],
            ["atr14"] = [.. candles.GetAtr(14).Select(r => r.Atr)],
            ["obv"] = [.. candles.GetObv().Select(r => r.Obv)],
            ["vwap"] = [.. candles.GetVwap().Select(r => r.Vwap)],
            ["vwap_session"] = [.. candles.GetSessionVwap().Select(r => r.Vwap)],
            ["stddev20"] = [.. candles.GetStdDev(20).Select(r => r.StdDev)],
        };
    }

    private static void AssertSetMatchesBatch(IReadOnlyList<Candle> candles) =>
        IndicatorSetChecks.MatchesBatch(IndicatorSet.CreateDefault(), candles, BatchColumns(candles), revision: 1.02);

    [Fact]
    public void Standard_set_matches_every_batch_indicator_on_reference_quotes() => AssertSetMatchesBatch(Quotes);

    [Property(MaxTest = 25)]
    public void Standard_set_matches_every_batch_indicator_for_arbitrary_series(int seed, byte length) =>
        AssertSetMatchesBatch(RandomCandles.Walk(seed, length));

    [Fact]
    public void Standard_columns_follow_the_documented_order()
    {
        string[] documented = ["sma20", "ema20", "wma20", "rsi14", "macd", "macd_signal", "macd_hist", "stoch_k", "stoch_d",
            "bb_upper", "bb_middle", "bb_lower", "atr14", "obv", "vwap", "vwap_session", "adx14", "plus_di14", "minus_di14",
            "ichi_tenkan", "ichi_kijun", "ichi_senkou_a", "ichi_senkou_b", "ichi_chikou", "cci20", "willr14", "roc12", "mfi14",
            "psar", "kc_upper", "kc_middle", "kc_lower", "dc_upper", "dc_middle", "dc_lower", "stddev20"];
        Assert.Equal(documented, IndicatorSet.StandardColumns);
    }

    [Fact]
    public void Add_and_preview_do_not_allocate() => IndicatorSetChecks.AddAndPreviewDoNotAllocate(IndicatorSet.CreateDefault(), seed: 5, "rsi14");

    [Fact]
    public void Preview_leaves_committed_values_untouched()
    {
        var set = IndicatorSet.CreateDefault();
        foreach (Candle c in Quotes.Take(100))
        {
            set.Add(c);
        }

        double[] before = set.Values.ToArray();
        set.Preview(RandomCandles.Revise(Quotes[100], 1.5));
        Assert.Equal(before, set.Values.ToArray());
        Assert.NotEqual(before, set.PreviewValues.ToArray());
        Assert.Equal(100, set.Count);
    }

    [Fact]
    public void Warm_up_reads_NaN_and_ready_turns_true_once_all_are_ready()
    {
        var set = IndicatorSet.CreateDefault();
        set.Add(Quotes[0]);
        Assert.True(double.IsNaN(set["sma20"]));
        Assert.Equal(0, set["obv"]);
        Assert.False(set.IsReady);
        foreach (Candle c in Quotes.Skip(1).Take(100))
        {
            set.Add(c);
        }

        Assert.True(set.IsReady);
        string[] empty = [.. set.ColumnNames.Where(c => double.IsNaN(set[c]))];
        Assert.Equal(["ichi_chikou"], empty);
    }

    [Fact]
    public void Out_of_order_bar_is_rejected_and_changes_nothing()
    {
        var set = IndicatorSet.CreateDefault();
        set.Add(Quotes[0]);
        set.Add(Quotes[1]);
        double[] before = set.Values.ToArray();
        Assert.Throws<CandleOrderException>(() => set.Add(Quotes[1]));
        Assert.Throws<CandleOrderException>(() => set.Preview(Quotes[0]));
        Assert.Equal(before, set.Values.ToArray());
        Assert.Equal(2, set.Count);
        set.Add(Quotes[2]);
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void Reset_replays_identically()
    {
        var set = IndicatorSet.CreateDefault();
        foreach (Candle c in Quotes)
        {
            set.Add(c);
        }

        double[] first = set.Values.ToArray();
        set.Reset();
        Assert.Equal(0, set.Count);
        Assert.True(double.IsNaN(set["sma20"]));
        foreach (Candle c in Quotes)
        {
            set.Add(c);
        }

        Assert.Equal(first, set.Values.ToArray());
    }

    [Fact]
    public void Custom_sets_take_any_streaming_indicator_and_check_names()
    {
        IndicatorSet set = IndicatorSet.CreateBuilder()
            .AddSma(5)
            .AddRsi(7, column: "fast_rsi")
            .Add(new SmaIndicator(3), static (in SmaResult r, Span<double> v) => v[0] = (r.Sma ?? double.NaN) * 2, "double_sma3")
            .Build();
        Assert.Equal(["sma5", "fast_rsi", "double_sma3"], set.ColumnNames);
        foreach (Candle c in Quotes.Take(10))
        {
            set.Add(c);
        }

        Assert.Equal(2 * Quotes.Take(10).GetSma(3)[^1].Sma!.Value, set["double_sma3"], 12);
        Assert.True(set.TryGetValue("fast_rsi", out _));
        Assert.False(set.TryGetValue("nope", out _));
        Assert.Equal(-1, set.IndexOf("nope"));
        Assert.Throws<KeyNotFoundException>(() => set["nope"]);
        Assert.Throws<ArgumentException>(() => IndicatorSet.CreateBuilder().AddSma(5).AddSma(5));
        Assert.Throws<InvalidOperationException>(() => IndicatorSet.CreateBuilder().Build());
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => IndicatorSet.CreateBuilder().AddEma(0)).ParamName);
    }
}
