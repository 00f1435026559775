using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>
/// Average Directional Index with the directional indicators +DI and −DI (Wilder), seeded as in Stock.Indicators.
/// </summary>
public static class Adx
{
    /// <summary>Bars before the first ADX value: <c>2·period − 1</c> (+DI and −DI start after <c>period</c>).</summary>
    public static int WarmupPeriods(int period) => (2 * period) - 1;

    /// <summary>
    /// Writes ADX, +DI and −DI; NaN for warm-up rows and for rows whose smoothed true range is zero.
    /// NaN input propagates: the smoothing is recursive, so every later row is NaN too.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 1.</exception>
    /// <exception cref="ArgumentException">An input differs in length from <paramref name="high"/> or an output is shorter.</exception>
    public static void Compute(
        ReadOnlySpan<double> high,
        ReadOnlySpan<double> low,
        ReadOnlySpan<double> close,
        Span<double> adx,
        Span<double> plusDi,
        Span<double> minusDi,
        int period = 14) =>
        Compute(high, low, close, adx, plusDi, minusDi, [], period);

    /// <summary>
    /// Writes ADX, +DI, −DI and ADXR (the mean of ADX now and <c>period − 1</c> bars ago).
    /// <paramref name="adxr"/> may be empty to skip it.
    /// </summary>
    /// <inheritdoc cref="Compute(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double}, Span{double}, int)"/>
    public static void Compute(
        ReadOnlySpan<double> high,
        ReadOnlySpan<double> low,
        ReadOnlySpan<double> close,
        Span<double> adx,
        Span<double> plusDi,
        Span<double> minusDi,
        Span<double> adxr,
        int period = 14)
    {
        ValidatePeriod(period);
        IndicatorGuard.SameLength(high.Length, low.Length);
        IndicatorGuard.SameLength(high.Length, close.Length);
        IndicatorGuard.Output(high.Length, adx.Length);
        IndicatorGuard.Output(high.Length, plusDi.Length);
        IndicatorGuard.Output(high.Length, minusDi.Length);
        bool withAdxr = !adxr.IsEmpty;
        if (withAdxr)
        {
            IndicatorGuard.Output(high.Length, adxr.Length);
        }

        double[] buffer = ArrayPool<double>.Shared.Rent(period);
        try
        {
            var state = new AdxState(period, buffer);
            for (int i = 0; i < high.Length; i++)
            {
                AdxValues v = state.Next(high[i], low[i], close[i]);
                adx[i] = v.Adx;
                plusDi[i] = v.Pdi;
                minusDi[i] = v.Mdi;
                if (withAdxr)
                {
                    adxr[i] = v.Adxr;
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>Stock.Indicators requires a period of at least 2 (the smoothing divides by it and needs a history).</summary>
    internal static void ValidatePeriod(int period)
    {
        if (period <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"'period' must be at least 2 (was {period}).");
        }
    }
}
