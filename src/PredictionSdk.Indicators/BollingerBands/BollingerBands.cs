using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>
/// Bollinger Bands: middle = SMA(C, n), upper/lower = middle ± k·σ with σ the population standard deviation of the
/// same window; %B = (C − lower)/(upper − lower), z-score = (C − middle)/σ, width = (upper − lower)/middle.
/// </summary>
public static class BollingerBands
{
    /// <summary>Bars before the first value: <c>period − 1</c>.</summary>
    public static int WarmupPeriods(int period = 20) => period - 1;

    /// <summary>Writes the upper, middle and lower bands; NaN during warm-up and for windows holding a non-finite value.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0 or <paramref name="standardDeviations"/> not finite and positive.</exception>
    /// <exception cref="ArgumentException">An output is shorter than <paramref name="close"/>.</exception>
    public static void Compute(ReadOnlySpan<double> close, Span<double> upper, Span<double> middle, Span<double> lower, int period = 20, double standardDeviations = 2)
    {
        Validate(period, standardDeviations);
        IndicatorGuard.Output(close.Length, upper.Length);
        IndicatorGuard.Output(close.Length, middle.Length);
        IndicatorGuard.Output(close.Length, lower.Length);
        double[] buffer = ArrayPool<double>.Shared.Rent(period);
        try
        {
            var window = new RollingWindow(period, buffer);
            for (int i = 0; i < close.Length; i++)
            {
                window.Push(close[i]);
                BollingerValues v = window.IsFull ? From(window.Moments(), period, standardDeviations, close[i]) : BollingerValues.None;
                upper[i] = v.Upper;
                middle[i] = v.Middle;
                lower[i] = v.Lower;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    internal static void Validate(int period, double standardDeviations)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.Positive(standardDeviations);
    }

    internal static BollingerValues From((double Mean, double M2) moments, int period, double k, double close)
    {
        double middle = moments.Mean;
        double sd = Math.Sqrt(moments.M2 / period);
        double upper = middle + (k * sd);
        double lower = middle - (k * sd);
        double range = upper - lower;
        return new BollingerValues(
            upper,
            middle,
            lower,
            range == 0 ? double.NaN : (close - lower) / range,
            sd == 0 ? double.NaN : (close - middle) / sd,
            middle == 0 ? double.NaN : range / middle);
    }
}

/// <summary>Bollinger values of one bar (NaN for "no value").</summary>
internal readonly record struct BollingerValues(double Upper, double Middle, double Lower, double PercentB, double ZScore, double Width)
{
    public static readonly BollingerValues None = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}
