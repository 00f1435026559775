using System.Globalization;

namespace PredictionSdk.Indicators;

/// <summary>Builder methods for ADX, Ichimoku, CCI, Williams %R, ROC, MFI, Parabolic SAR, Keltner and Donchian.</summary>
public static partial class IndicatorSetBuilderExtensions
{
    /// <summary>ADX, +DI and −DI; columns <c>adx{period}</c>, <c>plus_di{period}</c>, <c>minus_di{period}</c>.</summary>
    public static IndicatorSetBuilder AddAdx(this IndicatorSetBuilder builder, int period = 14)
    {
        string n = period.ToString(CultureInfo.InvariantCulture);
        return Builder(builder).Add(
            new AdxIndicator(period),
            static (in AdxResult r, Span<double> v) =>
            {
                v[0] = Values.OrNaN(r.Adx);
                v[1] = Values.OrNaN(r.Pdi);
                v[2] = Values.OrNaN(r.Mdi);
            },
            "adx" + n,
            "plus_di" + n,
            "minus_di" + n);
    }

    /// <summary>
    /// Ichimoku lines as plotted on the bar; columns <c>{prefix}_tenkan</c>, <c>_kijun</c>, <c>_senkou_a</c>, <c>_senkou_b</c>,
    /// <c>_chikou</c>. A streaming set cannot know the lagging span (the close <c>kijunPeriods</c> bars later), so
    /// <c>_chikou</c> stays NaN; batch writers fill it from later rows.
    /// </summary>
    public static IndicatorSetBuilder AddIchimoku(this IndicatorSetBuilder builder, int tenkanPeriods = 9, int kijunPeriods = 26, int senkouBPeriods = 52, string prefix = "ichi") =>
        Builder(builder).Add(
            new IchimokuIndicator(tenkanPeriods, kijunPeriods, senkouBPeriods),
            static (in IchimokuResult r, Span<double> v) =>
            {
                v[0] = Values.OrNaN(r.TenkanSen);
                v[1] = Values.OrNaN(r.KijunSen);
                v[2] = Values.OrNaN(r.SenkouSpanA);
                v[3] = Values.OrNaN(r.SenkouSpanB);
                v[4] = Values.OrNaN(r.ChikouSpan);
            },
            prefix + "_tenkan",
            prefix + "_kijun",
            prefix + "_senkou_a",
            prefix + "_senkou_b",
            prefix + "_chikou");

    /// <summary>Commodity Channel Index; column <c>cci{period}</c>.</summary>
    public static IndicatorSetBuilder AddCci(this IndicatorSetBuilder builder, int period = 20, string? column = null) =>
        Builder(builder).Add(new CciIndicator(period), static (in CciResult r, Span<double> v) => v[0] = Values.OrNaN(r.Cci), column ?? Name("cci", period));

    /// <summary>Williams %R; column <c>willr{period}</c>.</summary>
    public static IndicatorSetBuilder AddWilliamsR(this IndicatorSetBuilder builder, int period = 14, string? column = null) =>
        Builder(builder).Add(new WilliamsRIndicator(period), static (in WilliamsRResult r, Span<double> v) => v[0] = Values.OrNaN(r.WilliamsR), column ?? Name("willr", period));

    /// <summary>Rate of change of the close in percent; column <c>roc{period}</c>.</summary>
    public static IndicatorSetBuilder AddRoc(this IndicatorSetBuilder builder, int period = 12, string? column = null) =>
        Builder(builder).Add(new RocIndicator(period), static (in RocResult r, Span<double> v) => v[0] = Values.OrNaN(r.Roc), column ?? Name("roc", period));

    /// <summary>Money Flow Index; column <c>mfi{period}</c>.</summary>
    public static IndicatorSetBuilder AddMfi(this IndicatorSetBuilder builder, int period = 14, string? column = null) =>
        Builder(builder).Add(new MfiIndicator(period), static (in MfiResult r, Span<double> v) => v[0] = Values.OrNaN(r.Mfi), column ?? Name("mfi", period));

    /// <summary>Parabolic SAR; column <c>psar</c>.</summary>
    public static IndicatorSetBuilder AddParabolicSar(this IndicatorSetBuilder builder, double accelerationStep = 0.02, double maxAccelerationFactor = 0.2, string column = "psar") =>
        Builder(builder).Add(
            new ParabolicSarIndicator(accelerationStep, maxAccelerationFactor),
            static (in ParabolicSarResult r, Span<double> v) => v[0] = Values.OrNaN(r.Sar),
            column);

    /// <summary>Keltner Channels; columns <c>{prefix}_upper</c>, <c>{prefix}_middle</c>, <c>{prefix}_lower</c>.</summary>
    public static IndicatorSetBuilder AddKeltner(this IndicatorSetBuilder builder, int emaPeriods = 20, double multiplier = 2, int atrPeriods = 10, string prefix = "kc") =>
        Builder(builder).Add(
            new KeltnerIndicator(emaPeriods, multiplier, atrPeriods),
            static (in KeltnerResult r, Span<double> v) =>
            {
                v[0] = Values.OrNaN(r.UpperBand);
                v[1] = Values.OrNaN(r.Centerline);
                v[2] = Values.OrNaN(r.LowerBand);
            },
            prefix + "_upper",
            prefix + "_middle",
            prefix + "_lower");

    /// <summary>Donchian Channels; columns <c>{prefix}_upper</c>, <c>{prefix}_middle</c>, <c>{prefix}_lower</c>.</summary>
    public static IndicatorSetBuilder AddDonchian(this IndicatorSetBuilder builder, int period = 20, string prefix = "dc") =>
        Builder(builder).Add(
            new DonchianIndicator(period),
            static (in DonchianResult r, Span<double> v) =>
            {
                v[0] = Values.OrNaN(r.UpperBand);
                v[1] = Values.OrNaN(r.Centerline);
                v[2] = Values.OrNaN(r.LowerBand);
            },
            prefix + "_upper",
            prefix + "_middle",
            prefix + "_lower");
}
