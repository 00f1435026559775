namespace PredictionSdk.Indicators;

/// <summary>
/// Ichimoku Cloud as Stock.Indicators plots it: tenkan-sen and kijun-sen are the midpoints of the high/low range over
/// 9 and 26 bars; senkou span A (their mean) and senkou span B (the 52-bar midpoint) are displaced 26 bars forward;
/// the chikou span on a bar is the close 26 bars later. The displacement is the kijun period.
/// </summary>
public static class Ichimoku
{
    /// <summary>Bars before each line's first value: tenkan <c>t − 1</c>, kijun <c>k − 1</c>, senkou A <c>k + max(t, k) − 1</c>, senkou B <c>k + s − 1</c>.</summary>
    public static (int Tenkan, int Kijun, int SenkouA, int SenkouB) WarmupPeriods(int tenkanPeriods = 9, int kijunPeriods = 26, int senkouBPeriods = 52) =>
        (tenkanPeriods - 1, kijunPeriods - 1, kijunPeriods + Math.Max(tenkanPeriods, kijunPeriods) - 1, kijunPeriods + senkouBPeriods - 1);

    /// <summary>
    /// Writes the five lines as plotted. Rows without a value are NaN: the warm-up of each line, the last
    /// <c>kijunPeriods</c> rows of the chikou span (their future closes are unknown), and windows holding a NaN high or low.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 0, or <paramref name="senkouBPeriods"/> ≤ <paramref name="kijunPeriods"/>.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length or an output is shorter.</exception>
    public static void Compute(
        ReadOnlySpan<double> high,
        ReadOnlySpan<double> low,
        ReadOnlySpan<double> close,
        Span<double> tenkanSen,
        Span<double> kijunSen,
        Span<double> senkouSpanA,
        Span<double> senkouSpanB,
        Span<double> chikouSpan,
        int tenkanPeriods = 9,
        int kijunPeriods = 26,
        int senkouBPeriods = 52)
    {
        Validate(tenkanPeriods, kijunPeriods, senkouBPeriods);
        int n = high.Length;
        IndicatorGuard.SameLength(n, low.Length);
        IndicatorGuard.SameLength(n, close.Length);
        IndicatorGuard.Output(n, tenkanSen.Length);
        IndicatorGuard.Output(n, kijunSen.Length);
        IndicatorGuard.Output(n, senkouSpanA.Length);
        IndicatorGuard.Output(n, senkouSpanB.Length);
        IndicatorGuard.Output(n, chikouSpan.Length);

        // Same state machine as the streaming indicator, so both agree bit for bit.
        using var buffers = new IchimokuBuffers(tenkanPeriods, kijunPeriods, senkouBPeriods);
        var state = new IchimokuState(tenkanPeriods, kijunPeriods, senkouBPeriods, buffers);
        for (int i = 0; i < n; i++)
        {
            IchimokuValues v = state.Next(high[i], low[i]);
            tenkanSen[i] = v.Tenkan;
            kijunSen[i] = v.Kijun;
            senkouSpanA[i] = v.SenkouA;
            senkouSpanB[i] = v.SenkouB;
            chikouSpan[i] = i + kijunPeriods < n ? close[i + kijunPeriods] : double.NaN;
        }
    }

    internal static void Validate(int tenkanPeriods, int kijunPeriods, int senkouBPeriods)
    {
        IndicatorGuard.Period(tenkanPeriods);
        IndicatorGuard.Period(kijunPeriods);
        IndicatorGuard.Period(senkouBPeriods);
        if (senkouBPeriods <= kijunPeriods)
        {
            throw new ArgumentOutOfRangeException(
                nameof(senkouBPeriods),
                senkouBPeriods,
                $"'senkouBPeriods' must be greater than 'kijunPeriods' ({kijunPeriods}) (was {senkouBPeriods}).");
        }
    }
}
