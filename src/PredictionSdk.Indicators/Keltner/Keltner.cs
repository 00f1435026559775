namespace PredictionSdk.Indicators;

/// <summary>
/// Keltner Channels: an EMA of the close as centerline, with bands <c>multiplier × ATR</c> above and below it.
/// Uses the same EMA (SMA-seeded) and ATR (Wilder, SMA-seeded) as <see cref="Ema"/> and <see cref="Atr"/>.
/// </summary>
public static class Keltner
{
    /// <summary>
    /// Bars before the first value: <c>max(emaPeriods, atrPeriods) − 1</c>. When <paramref name="atrPeriods"/> is the larger,
    /// the bands start one bar after the centerline (the ATR's first value needs <c>atrPeriods + 1</c> bars).
    /// </summary>
    public static int WarmupPeriods(int emaPeriods = 20, int atrPeriods = 10) => Math.Max(emaPeriods, atrPeriods) - 1;

    /// <summary>Writes the upper band, centerline and lower band; NaN during warm-up. NaN input propagates through the EMA and ATR.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 1 or <paramref name="multiplier"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length or an output is shorter.</exception>
    public static void Compute(
        ReadOnlySpan<double> high,
        ReadOnlySpan<double> low,
        ReadOnlySpan<double> close,
        Span<double> upper,
        Span<double> center,
        Span<double> lower,
        int emaPeriods = 20,
        double multiplier = 2,
        int atrPeriods = 10)
    {
        Validate(emaPeriods, multiplier, atrPeriods);
        IndicatorGuard.SameLength(high.Length, low.Length);
        IndicatorGuard.SameLength(high.Length, close.Length);
        IndicatorGuard.Output(high.Length, upper.Length);
        IndicatorGuard.Output(high.Length, center.Length);
        IndicatorGuard.Output(high.Length, lower.Length);
        var state = new KeltnerState(emaPeriods, multiplier, atrPeriods);
        for (int i = 0; i < high.Length; i++)
        {
            KeltnerValues v = state.Next(high[i], low[i], close[i]);
            upper[i] = v.Upper;
            center[i] = v.Center;
            lower[i] = v.Lower;
        }
    }

    internal static void Validate(int emaPeriods, double multiplier, int atrPeriods)
    {
        if (emaPeriods <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(emaPeriods), emaPeriods, $"'emaPeriods' must be at least 2 (was {emaPeriods}).");
        }

        if (atrPeriods <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(atrPeriods), atrPeriods, $"'atrPeriods' must be at least 2 (was {atrPeriods}).");
        }

        IndicatorGuard.Positive(multiplier);
    }
}
