namespace PredictionSdk.Indicators;

/// <summary>
/// Stochastic oscillator (slow, SMA smoothing): raw %K = 100·(C − LL)/(HH − LL) over <c>period</c> bars
/// (0 when HH = LL), %K = SMA(raw %K, smoothPeriod), %D = SMA(%K, signalPeriod), %J = 3·%K − 2·%D.
/// </summary>
public static class Stochastic
{
    /// <summary>Bars before the first %K: <c>period + smoothPeriod − 2</c>.</summary>
    public static int WarmupPeriods(int period = 14, int smoothPeriod = 3) => period + smoothPeriod - 2;

    /// <summary>Writes %K and %D; NaN during warm-up. Scratch state comes from the array pool.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 0.</exception>
    /// <exception cref="ArgumentException">Inputs differ in length or an output is too short.</exception>
    public static void Compute(
        ReadOnlySpan<double> high,
        ReadOnlySpan<double> low,
        ReadOnlySpan<double> close,
        Span<double> k,
        Span<double> d,
        int period = 14,
        int signalPeriod = 3,
        int smoothPeriod = 3)
    {
        Validate(period, signalPeriod, smoothPeriod);
        IndicatorGuard.SameLength(high.Length, low.Length);
        IndicatorGuard.SameLength(high.Length, close.Length);
        IndicatorGuard.Output(high.Length, k.Length);
        IndicatorGuard.Output(high.Length, d.Length);
        using var buffers = new StochasticBuffers(period, signalPeriod, smoothPeriod);
        var state = new StochasticState(period, signalPeriod, smoothPeriod, buffers);
        for (int i = 0; i < high.Length; i++)
        {
            StochasticValues v = state.Next(high[i], low[i], close[i]);
            k[i] = v.K;
            d[i] = v.D;
        }
    }

    internal static void Validate(int period, int signalPeriod, int smoothPeriod)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.Period(signalPeriod);
        IndicatorGuard.Period(smoothPeriod);
    }
}
