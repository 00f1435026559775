using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>
/// Commodity Channel Index: <c>(TP − SMA(TP)) / (0.015 · mean absolute deviation of TP)</c> over <c>period</c> bars,
/// with the typical price TP = (high + low + close) / 3.
/// </summary>
public static class Cci
{
    /// <summary>Lambert's constant: scales the index so that most values fall within ±100.</summary>
    public const double Scale = 0.015;

    /// <summary>Bars before the first value: <c>period − 1</c>.</summary>
    public static int WarmupPeriods(int period) => period - 1;

    /// <summary>
    /// Writes the CCI; NaN for the first <c>period − 1</c> rows, for rows whose mean deviation is zero (a flat window)
    /// and for rows whose window holds a NaN. Costs O(period) per row (the mean deviation needs the whole window).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length or the output is shorter.</exception>
    public static void Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, Span<double> output, int period = 20)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.SameLength(high.Length, low.Length);
        IndicatorGuard.SameLength(high.Length, close.Length);
        IndicatorGuard.Output(high.Length, output.Length);
        double[] buffer = ArrayPool<double>.Shared.Rent(period);
        try
        {
            var state = new CciState(period, buffer);
            for (int i = 0; i < high.Length; i++)
            {
                output[i] = state.Next(TypicalPrice(high[i], low[i], close[i]));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    internal static double TypicalPrice(double high, double low, double close) => (high + low + close) / 3d;

    /// <summary>CCI of the window <paramref name="first"/> ++ <paramref name="second"/> ++ [<paramref name="newest"/>] (oldest first).</summary>
    internal static double Evaluate(ReadOnlySpan<double> first, ReadOnlySpan<double> second, double newest, int period)
    {
        double mean = 0;
        foreach (double tp in first)
        {
            mean += tp;
        }

        foreach (double tp in second)
        {
            mean += tp;
        }

        mean += newest;
        mean /= period;

        double deviation = 0;
        foreach (double tp in first)
        {
            deviation += Math.Abs(mean - tp);
        }

        foreach (double tp in second)
        {
            deviation += Math.Abs(mean - tp);
        }

        deviation += Math.Abs(mean - newest);
        deviation /= period;

        return deviation == 0 ? double.NaN : (newest - mean) / (Scale * deviation);
    }
}
