namespace PredictionSdk.Indicators;

/// <summary>
/// Exponential moving average, seeded with the simple average of the first <c>period</c> values
/// (first value at index <c>period − 1</c>), then <c>EMA += k·(x − EMA)</c> with k = 2/(period + 1).
/// </summary>
public static class Ema
{
    /// <summary>Bars before the first value: <c>period − 1</c>.</summary>
    public static int WarmupPeriods(int period) => period - 1;

    /// <summary>Writes the EMA of <paramref name="values"/>; NaN during warm-up. Allocates nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <paramref name="values"/>.</exception>
    public static void Compute(ReadOnlySpan<double> values, Span<double> output, int period = 20)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.Output(values.Length, output.Length);
        var ema = new ExponentialAverage(period);
        for (int i = 0; i < values.Length; i++)
        {
            output[i] = ema.Next(values[i]);
        }
    }
}
