using System.Globalization;

namespace PredictionSdk.Indicators;

/// <summary>
/// Adds the built-in indicators to an <see cref="IndicatorSetBuilder"/>. Default column names follow the
/// <c>psdk indicators</c> output (<c>sma20</c>, <c>rsi14</c>, <c>macd</c>, …); pass <c>column</c>/<c>prefix</c> to rename.
/// </summary>
public static partial class IndicatorSetBuilderExtensions
{
    /// <summary>The standard columns: every indicator with its default parameters, in the documented order.</summary>
    public static IndicatorSetBuilder AddStandard(this IndicatorSetBuilder builder) => builder
        .AddSma()
        .AddEma()
        .AddWma()
        .AddRsi()
        .AddMacd()
        .AddStoch()
        .AddBollingerBands()
        .AddAtr()
        .AddObv()
        .AddVwap()
        .AddVwap(VwapAnchor.UtcDay)
        .AddAdx()
        .AddIchimoku()
        .AddCci()
        .AddWilliamsR()
        .AddRoc()
        .AddMfi()
        .AddParabolicSar()
        .AddKeltner()
        .AddDonchian()
        .AddStdDev();

    /// <summary>SMA of the close; column <c>sma{period}</c>.</summary>
    public static IndicatorSetBuilder AddSma(this IndicatorSetBuilder builder, int period = 20, string? column = null) =>
        Builder(builder).Add(new SmaIndicator(period), static (in SmaResult r, Span<double> v) => v[0] = Values.OrNaN(r.Sma), column ?? Name("sma", period));

    /// <summary>EMA of the close; column <c>ema{period}</c>.</summary>
    public static IndicatorSetBuilder AddEma(this IndicatorSetBuilder builder, int period = 20, string? column = null) =>
        Builder(builder).Add(new EmaIndicator(period), static (in EmaResult r, Span<double> v) => v[0] = Values.OrNaN(r.Ema), column ?? Name("ema", period));

    /// <summary>WMA of the close; column <c>wma{period}</c>.</summary>
    public static IndicatorSetBuilder AddWma(this IndicatorSetBuilder builder, int period = 20, string? column = null) =>
        Builder(builder).Add(new WmaIndicator(period), static (in WmaResult r, Span<double> v) => v[0] = Values.OrNaN(r.Wma), column ?? Name("wma", period));

    /// <summary>RSI of the close; column <c>rsi{period}</c>.</summary>
    public static IndicatorSetBuilder AddRsi(this IndicatorSetBuilder builder, int period = 14, string? column = null) =>
        Builder(builder).Add(new RsiIndicator(period), static (in RsiResult r, Span<double> v) => v[0] = Values.OrNaN(r.Rsi), column ?? Name("rsi", period));

    /// <summary>MACD line, signal and histogram; columns <c>{prefix}</c>, <c>{prefix}_signal</c>, <c>{prefix}_hist</c>.</summary>
    public static IndicatorSetBuilder AddMacd(this IndicatorSetBuilder builder, int fastPeriod = 12, int slowPeriod = 26, int signalPeriod = 9, string prefix = "macd") =>
        Builder(builder).Add(
            new MacdIndicator(fastPeriod, slowPeriod, signalPeriod),
            static (in MacdResult r, Span<double> v) =>
            {
                v[0] = Values.OrNaN(r.Macd);
                v[1] = Values.OrNaN(r.Signal);
                v[2] = Values.OrNaN(r.Histogram);
            },
            prefix,
            prefix + "_signal",
            prefix + "_hist");

    /// <summary>Stochastic %K and %D; columns <c>{prefix}_k</c>, <c>{prefix}_d</c>.</summary>
    public static IndicatorSetBuilder AddStoch(this IndicatorSetBuilder builder, int period = 14, int signalPeriod = 3, int smoothPeriod = 3, string prefix = "stoch") =>
        Builder(builder).Add(
            new StochasticIndicator(period, signalPeriod, smoothPeriod),
            static (in StochasticResult r, Span<double> v) =>
            {
                v[0] = Values.OrNaN(r.K);
                v[1] = Values.OrNaN(r.D);
            },
            prefix + "_k",
            prefix + "_d");

    /// <summary>Bollinger Bands; columns <c>{prefix}_upper</c>, <c>{prefix}_middle</c>, <c>{prefix}_lower</c>.</summary>
    public static IndicatorSetBuilder AddBollingerBands(this IndicatorSetBuilder builder, int period = 20, double standardDeviations = 2, string prefix = "bb") =>
        Builder(builder).Add(
            new BollingerBandsIndicator(period, standardDeviations),
            static (in BollingerBandsResult r, Span<double> v) =>
            {
                v[0] = Values.OrNaN(r.UpperBand);
                v[1] = Values.OrNaN(r.Sma);
                v[2] = Values.OrNaN(r.LowerBand);
            },
            prefix + "_upper",
            prefix + "_middle",
            prefix + "_lower");

    /// <summary>Average true range; column <c>atr{period}</c>.</summary>
    public static IndicatorSetBuilder AddAtr(this IndicatorSetBuilder builder, int period = 14, string? column = null) =>
        Builder(builder).Add(new AtrIndicator(period), static (in AtrResult r, Span<double> v) => v[0] = Values.OrNaN(r.Atr), column ?? Name("atr", period));

    /// <summary>On-balance volume; column <c>obv</c>.</summary>
    public static IndicatorSetBuilder AddObv(this IndicatorSetBuilder builder, string column = "obv") =>
        Builder(builder).Add(new ObvIndicator(), static (in ObvResult r, Span<double> v) => v[0] = Values.OrNaN(r.Obv), column);

    /// <summary>VWAP; column <c>vwap</c> (anchored at the first bar) or <c>vwap_session</c> (per UTC day).</summary>
    public static IndicatorSetBuilder AddVwap(this IndicatorSetBuilder builder, VwapAnchor anchor = VwapAnchor.FirstBar, string? column = null) =>
        Builder(builder).Add(
            new VwapIndicator(anchor),
            static (in VwapResult r, Span<double> v) => v[0] = Values.OrNaN(r.Vwap),
            column ?? (anchor == VwapAnchor.UtcDay ? "vwap_session" : "vwap"));

    /// <summary>Rolling population standard deviation of the close; column <c>stddev{period}</c>.</summary>
    public static IndicatorSetBuilder AddStdDev(this IndicatorSetBuilder builder, int period = 20, string? column = null) =>
        Builder(builder).Add(new StdDevIndicator(period), static (in StdDevResult r, Span<double> v) => v[0] = Values.OrNaN(r.StdDev), column ?? Name("stddev", period));

    private static string Name(string stem, int period) => stem + period.ToString(CultureInfo.InvariantCulture);

    private static IndicatorSetBuilder Builder(IndicatorSetBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
