using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>
/// Rolling population standard deviation of the close: <c>σ = √(Σ(x − μ)²/n)</c> over the last <c>period</c> values,
/// with the mean μ and the z-score <c>(C − μ)/σ</c> (null when σ = 0).
/// </summary>
public static class StdDev
{
    /// <summary>Bars before the first value: <c>period − 1</c>.</summary>
    public static int WarmupPeriods(int period = 20) => period - 1;

    /// <summary>Writes the rolling population standard deviation; NaN during warm-up and for windows holding a non-finite value.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <paramref name="values"/>.</exception>
    public static void Compute(ReadOnlySpan<double> values, Span<double> output, int period = 20)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.Output(values.Length, output.Length);
        double[] buffer = ArrayPool<double>.Shared.Rent(period);
        try
        {
            var window = new RollingWindow(period, buffer);
            for (int i = 0; i < values.Length; i++)
            {
                window.Push(values[i]);
                output[i] = window.IsFull ? Math.Sqrt(window.Moments().M2 / period) : double.NaN;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>Standard deviation, mean and z-score from window sums (NaN for "no value").</summary>
    internal static StdDevValues FromMoments((double Mean, double M2) moments, int period, double close)
    {
        double mean = moments.Mean;
        double sd = Math.Sqrt(moments.M2 / period);
        return new StdDevValues(sd, mean, sd == 0 ? double.NaN : (close - mean) / sd);
    }
}

/// <summary>Standard deviation values of one bar (NaN for "no value").</summary>
internal readonly record struct StdDevValues(double StdDev, double Mean, double ZScore)
{
    public static readonly StdDevValues None = new(double.NaN, double.NaN, double.NaN);
}
