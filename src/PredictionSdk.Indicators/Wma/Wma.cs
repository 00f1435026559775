using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>
/// Weighted moving average: <c>WMA = Σ (n − j)·x_{t−j} / (n(n+1)/2)</c>, j = 0 … n − 1 (newest weighs most).
/// </summary>
public static class Wma
{
    /// <summary>Bars before the first value: <c>period − 1</c>.</summary>
    public static int WarmupPeriods(int period) => period - 1;

    /// <summary>Writes the WMA of <paramref name="values"/>; NaN during warm-up and for windows holding a non-finite value.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <paramref name="values"/>.</exception>
    public static void Compute(ReadOnlySpan<double> values, Span<double> output, int period = 20)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.Output(values.Length, output.Length);
        double[] buffer = ArrayPool<double>.Shared.Rent(period);
        try
        {
            var wma = new WeightedWindow(period, buffer);
            for (int i = 0; i < values.Length; i++)
            {
                output[i] = wma.Next(values[i]);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
