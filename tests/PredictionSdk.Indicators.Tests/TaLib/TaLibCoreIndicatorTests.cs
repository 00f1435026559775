namespace PredictionSdk.Indicators.Tests;

/// <summary>
/// The moving averages, oscillators and bands against TA-Lib on 5,000 real BTCUSDT minute bars: 1e-9 from the first
/// value where the definitions agree; MACD after its seed has washed out; OBV up to TA-Lib's start value.
/// </summary>
public class TaLibCoreIndicatorTests
{
    private const double Exact = 1e-9;
    private static readonly Candle[] Bars = TaLibReference.Candles;

    [Fact]
    public void Moving_averages_agree()
    {
        TaLibReference.AssertAgrees("SMA(20)", TaLibReference.Column("sma20"), Bars.GetSma(20).Select(r => r.Sma).ToArray(), 0, Exact);
        TaLibReference.AssertAgrees("EMA(20)", TaLibReference.Column("ema20"), Bars.GetEma(20).Select(r => r.Ema).ToArray(), 0, Exact);
        TaLibReference.AssertAgrees("WMA(20)", TaLibReference.Column("wma20"), Bars.GetWma(20).Select(r => r.Wma).ToArray(), 0, Exact);
    }

    [Fact]
    public void Rsi_agrees() =>
        TaLibReference.AssertAgrees("RSI(14)", TaLibReference.Column("rsi14"), Bars.GetRsi(14).Select(r => r.Rsi).ToArray(), 0, Exact);

    [Fact]
    public void Atr_and_standard_deviation_agree()
    {
        TaLibReference.AssertAgrees("ATR(14)", TaLibReference.Column("atr14"), Bars.GetAtr(14).Select(r => r.Atr).ToArray(), 0, Exact);
        TaLibReference.AssertAgrees("ATR(10)", TaLibReference.Column("atr10"), Bars.GetAtr(10).Select(r => r.Atr).ToArray(), 0, Exact);

        // TA-Lib's STDDEV takes E[x²] − E[x]² from running sums, which cancels on BTC prices (mean² / σ² ≈ 1e6): it
        // keeps only ~9 significant digits there. Ours is two-pass; the two agree to the digits TA-Lib has.
        TaLibReference.AssertAgrees("STDDEV(20)", TaLibReference.Column("stddev20"), Bars.GetStdDev(20).Select(r => r.StdDev).ToArray(), 0, 1e-6);
    }

    [Fact]
    public void Bollinger_bands_agree()
    {
        IReadOnlyList<BollingerBandsResult> ours = Bars.GetBollingerBands(20, 2);
        TaLibReference.AssertAgrees("BB upper", TaLibReference.Column("bb_upper"), ours.Select(r => r.UpperBand).ToArray(), 0, Exact);
        TaLibReference.AssertAgrees("BB middle", TaLibReference.Column("bb_middle"), ours.Select(r => r.Sma).ToArray(), 0, Exact);
        TaLibReference.AssertAgrees("BB lower", TaLibReference.Column("bb_lower"), ours.Select(r => r.LowerBand).ToArray(), 0, Exact);
    }

    [Fact]
    public void Stochastic_agrees_where_both_show_values()
    {
        // TA-Lib emits slow %K only together with %D (two bars later than Stock.Indicators).
        IReadOnlyList<StochasticResult> ours = Bars.GetStoch(14, 3, 3);
        const int talibFirst = 17;
        TaLibReference.AssertAgrees("%K", TaLibReference.Column("stoch_k"), ours.Select(r => r.K).ToArray(), talibFirst, Exact);
        TaLibReference.AssertAgrees("%D", TaLibReference.Column("stoch_d"), ours.Select(r => r.D).ToArray(), talibFirst, Exact);
        Assert.NotNull(ours[talibFirst - 2].K);
        Assert.Null(TaLibReference.Column("stoch_k")[talibFirst - 1]);
    }

    [Fact]
    public void Macd_agrees_once_the_seed_has_washed_out()
    {
        // TA-Lib seeds the fast EMA on the closes ending where the slow seed ends; the gap decays by 11/13 per bar.
        IReadOnlyList<MacdResult> ours = Bars.GetMacd(12, 26, 9);
        const int washout = 400;
        TaLibReference.AssertAgrees("MACD", TaLibReference.Column("macd"), ours.Select(r => r.Macd).ToArray(), washout, Exact);
        TaLibReference.AssertAgrees("MACD signal", TaLibReference.Column("macd_signal"), ours.Select(r => r.Signal).ToArray(), washout, Exact);
        TaLibReference.AssertAgrees("MACD histogram", TaLibReference.Column("macd_hist"), ours.Select(r => r.Histogram).ToArray(), washout, Exact);
    }

    [Fact]
    public void Obv_differs_only_by_the_first_volume()
    {
        // TA-Lib starts OBV at the first bar's volume, Stock.Indicators at 0.
        double firstVolume = Bars[0].Volume;
        double?[] talib = TaLibReference.Column("obv").Select(v => v - firstVolume).ToArray();
        TaLibReference.AssertAgrees("OBV − V0", talib, Bars.GetObv().Select(r => r.Obv).ToArray(), 0, Exact);
    }
}
