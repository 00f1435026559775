namespace PredictionSdk.Indicators;

/// <summary>
/// Donchian Channels as Stock.Indicators defines them: the highest high and lowest low of the <c>period</c> bars
/// <em>before</em> the current one, their midpoint, and the width relative to the midpoint.
/// </summary>
public static class Donchian
{
    /// <summary>Bars before the first value: <c>period</c> (the current bar is excluded from its own window).</summary>
    public static int WarmupPeriods(int period) => period;

    /// <summary>
    /// Writes the upper, center and lower bands; NaN for the first <c>period</c> rows and while a NaN high or low is in the window.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length or an output is shorter.</exception>
    public static void Compute(
        ReadOnlySpan<double> high,
        ReadOnlySpan<double> low,
        Span<double> upper,
        Span<double> center,
        Span<double> lower,
        int period = 20)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.SameLength(high.Length, low.Length);
        IndicatorGuard.Output(high.Length, upper.Length);
        IndicatorGuard.Output(high.Length, center.Length);
        IndicatorGuard.Output(high.Length, lower.Length);
        using var highBuffers = new ExtremumBuffers(period);
        using var lowBuffers = new ExtremumBuffers(period);
        var state = new DonchianState(period, highBuffers.Create(period, isMax: true), lowBuffers.Create(period, isMax: false));
        for (int i = 0; i < high.Length; i++)
        {
            (double u, double l) = state.Next(high[i], low[i]);
            upper[i] = u;
            lower[i] = l;
            center[i] = Center(u, l);
        }
    }

    internal static double Center(double upper, double lower) => (upper + lower) / 2;

    /// <summary>(upper − lower) / center; NaN when the center is zero.</summary>
    internal static double Width(double upper, double center, double lower) => center == 0 ? double.NaN : (upper - lower) / center;
}
