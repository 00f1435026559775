namespace PredictionSdk.Indicators;

/// <summary>
/// Average true range (Wilder): TR = max(H − L, |H − C₋₁|, |L − C₋₁|) from the second bar on; ATR is the simple average
/// of the first <c>period</c> true ranges, then <c>ATR = (ATR·(n − 1) + TR)/n</c>. ATR% = ATR/C·100.
/// </summary>
public static class Atr
{
    /// <summary>Bars before the first value: <c>period</c> (the first bar has no true range).</summary>
    public static int WarmupPeriods(int period = 14) => period;

    /// <summary>Writes the ATR; NaN during warm-up. Allocates nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException">Inputs differ in length or the output is too short.</exception>
    public static void Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, Span<double> output, int period = 14)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.SameLength(high.Length, low.Length);
        IndicatorGuard.SameLength(high.Length, close.Length);
        IndicatorGuard.Output(high.Length, output.Length);
        var state = new AtrState(period);
        for (int i = 0; i < high.Length; i++)
        {
            output[i] = state.Next(high[i], low[i], close[i]).Atr;
        }
    }
}
