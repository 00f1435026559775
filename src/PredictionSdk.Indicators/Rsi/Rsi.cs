namespace PredictionSdk.Indicators;

/// <summary>
/// Relative strength index (Wilder): average gain and loss of the close over <c>period</c> changes, seeded with
/// their simple averages, then <c>avg = (avg·(n − 1) + x)/n</c>; <c>RSI = 100 − 100/(1 + gain/loss)</c>, 100 when the average loss is 0.
/// </summary>
public static class Rsi
{
    /// <summary>Bars before the first value: <c>period</c> (the first bar has no change).</summary>
    public static int WarmupPeriods(int period) => period;

    /// <summary>Writes the RSI of <paramref name="close"/>; NaN during warm-up. Allocates nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <paramref name="close"/>.</exception>
    public static void Compute(ReadOnlySpan<double> close, Span<double> output, int period = 14)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.Output(close.Length, output.Length);
        var rsi = new RsiState(period);
        for (int i = 0; i < close.Length; i++)
        {
            output[i] = rsi.Next(close[i]);
        }
    }
}
