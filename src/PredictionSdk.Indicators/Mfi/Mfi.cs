using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>
/// Money Flow Index: a volume-weighted RSI. Raw money flow = typical price × volume, counted as positive when the
/// typical price rose from the previous bar and negative when it fell; MFI = 100 − 100 / (1 + Σpositive / Σnegative)
/// over the last <c>period</c> bars, and 100 when there is no negative flow.
/// </summary>
public static class Mfi
{
    /// <summary>Bars before the first value: <c>period</c> (the first bar has no previous typical price).</summary>
    public static int WarmupPeriods(int period) => period;

    /// <summary>Writes the MFI; NaN for the first <c>period</c> rows and while a bar with a NaN price or volume is in the window.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 1.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length or the output is shorter.</exception>
    public static void Compute(
        ReadOnlySpan<double> high,
        ReadOnlySpan<double> low,
        ReadOnlySpan<double> close,
        ReadOnlySpan<double> volume,
        Span<double> output,
        int period = 14)
    {
        ValidatePeriod(period);
        IndicatorGuard.SameLength(high.Length, low.Length);
        IndicatorGuard.SameLength(high.Length, close.Length);
        IndicatorGuard.SameLength(high.Length, volume.Length);
        IndicatorGuard.Output(high.Length, output.Length);
        double[] positive = ArrayPool<double>.Shared.Rent(period);
        double[] negative = ArrayPool<double>.Shared.Rent(period);
        try
        {
            var state = new MfiState(period, positive, negative);
            for (int i = 0; i < high.Length; i++)
            {
                output[i] = state.Next(high[i], low[i], close[i], volume[i]);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(positive);
            ArrayPool<double>.Shared.Return(negative);
        }
    }

    internal static double Evaluate(double positiveFlow, double negativeFlow) =>
        negativeFlow != 0 ? 100 - (100 / (1 + (positiveFlow / negativeFlow))) : 100;

    /// <summary>Stock.Indicators requires a period of at least 2.</summary>
    internal static void ValidatePeriod(int period)
    {
        if (period <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"'period' must be at least 2 (was {period}).");
        }
    }
}
