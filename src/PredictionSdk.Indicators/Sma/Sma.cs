using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>Simple moving average: the mean of the last <c>period</c> values.</summary>
public static class Sma
{
    /// <summary>Bars before the first value: <c>period − 1</c>.</summary>
    public static int WarmupPeriods(int period) => period - 1;

    /// <summary>
    /// Writes the SMA of <paramref name="values"/> into <paramref name="output"/>; NaN for the first
    /// <c>period − 1</c> rows and for every row whose window holds a non-finite value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <paramref name="values"/>.</exception>
    public static void Compute(ReadOnlySpan<double> values, Span<double> output, int period = 20)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.Output(values.Length, output.Length);
        double[] buffer = ArrayPool<double>.Shared.Rent(period);
        try
        {
            var window = new RollingWindow(period, buffer: buffer);
            for (int i = 0; i < values.Length; i++)
            {
                window.Push(values[i]);
                output[i] = window.IsFull ? window.Sum / period : double.NaN;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
