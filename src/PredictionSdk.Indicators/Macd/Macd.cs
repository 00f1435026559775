namespace PredictionSdk.Indicators;

/// <summary>
/// Moving average convergence/divergence: <c>MACD = EMA_fast(C) − EMA_slow(C)</c>, <c>signal = EMA_signal(MACD)</c>,
/// <c>histogram = MACD − signal</c>. Every EMA is seeded with the simple average of its first values.
/// </summary>
public static class Macd
{
    /// <summary>Bars before the first MACD value: <c>slowPeriod − 1</c>.</summary>
    public static int WarmupPeriods(int slowPeriod = 26) => slowPeriod - 1;

    /// <summary>Bars before the first signal value: <c>slowPeriod + signalPeriod − 2</c>.</summary>
    public static int SignalWarmupPeriods(int slowPeriod = 26, int signalPeriod = 9) => slowPeriod + signalPeriod - 2;

    /// <summary>Writes the MACD line, signal and histogram of <paramref name="close"/>; NaN during warm-up. Allocates nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 0, or <paramref name="slowPeriod"/> ≤ <paramref name="fastPeriod"/>.</exception>
    /// <exception cref="ArgumentException">An output is shorter than <paramref name="close"/>.</exception>
    public static void Compute(
        ReadOnlySpan<double> close,
        Span<double> macd,
        Span<double> signal,
        Span<double> histogram,
        int fastPeriod = 12,
        int slowPeriod = 26,
        int signalPeriod = 9)
    {
        Validate(fastPeriod, slowPeriod, signalPeriod);
        IndicatorGuard.Output(close.Length, macd.Length);
        IndicatorGuard.Output(close.Length, signal.Length);
        IndicatorGuard.Output(close.Length, histogram.Length);
        var state = new MacdState(fastPeriod, slowPeriod, signalPeriod);
        for (int i = 0; i < close.Length; i++)
        {
            MacdValues v = state.Next(close[i]);
            macd[i] = v.Macd;
            signal[i] = v.Signal;
            histogram[i] = v.Histogram;
        }
    }

    internal static void Validate(int fastPeriod, int slowPeriod, int signalPeriod)
    {
        IndicatorGuard.Period(fastPeriod);
        IndicatorGuard.Period(slowPeriod);
        IndicatorGuard.Period(signalPeriod);
        if (slowPeriod <= fastPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(slowPeriod), slowPeriod, $"'slowPeriod' must be greater than 'fastPeriod' ({fastPeriod}).");
        }
    }
}
