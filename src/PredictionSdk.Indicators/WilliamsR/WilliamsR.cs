namespace PredictionSdk.Indicators;

/// <summary>
/// Williams %R: where the close sits in the range of the last <c>period</c> bars, from −100 (at the lowest low)
/// to 0 (at the highest high). Equals the fast stochastic %K − 100, as in Stock.Indicators.
/// </summary>
public static class WilliamsR
{
    /// <summary>Bars before the first value: <c>period − 1</c>.</summary>
    public static int WarmupPeriods(int period) => period - 1;

    /// <summary>
    /// Writes %R; NaN for the first <c>period − 1</c> rows, for rows whose window holds a NaN high or low and for
    /// rows with a NaN close. A flat window (highest high = lowest low) gives −100. Results are kept within [−100, 0].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length or the output is shorter.</exception>
    public static void Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, Span<double> output, int period = 14)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.SameLength(high.Length, low.Length);
        IndicatorGuard.SameLength(high.Length, close.Length);
        IndicatorGuard.Output(high.Length, output.Length);
        using var highBuffers = new ExtremumBuffers(period);
        using var lowBuffers = new ExtremumBuffers(period);
        var state = new WilliamsRState(period, highBuffers.Create(period, isMax: true), lowBuffers.Create(period, isMax: false));
        for (int i = 0; i < high.Length; i++)
        {
            output[i] = state.Next(high[i], low[i], close[i]);
        }
    }

    /// <summary>%R from the window's extremes and the close.</summary>
    internal static double Evaluate(double highestHigh, double lowestLow, double close)
    {
        if (double.IsNaN(close))
        {
            return double.NaN;
        }

        // %K as the fast stochastic computes it (0 for a flat window), then shifted down by 100.
        double k = highestHigh != lowestLow ? 100 * (close - lowestLow) / (highestHigh - lowestLow) : 0;

        // Rounding can push a close equal to an extreme a hair outside the range; keep the documented bounds.
        return Math.Clamp(k - 100, -100, 0);
    }
}
