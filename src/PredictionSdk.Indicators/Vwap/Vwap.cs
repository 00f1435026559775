namespace PredictionSdk.Indicators;

/// <summary>
/// Volume-weighted average price: <c>Σ(TP·V)/ΣV</c> with the typical price TP = (H + L + C)/3, summed from the
/// anchor (the first bar, a start date, or the first bar of each UTC day). Null while no volume has traded.
/// </summary>
public static class Vwap
{
    /// <summary>Bars before the first value: 0.</summary>
    public static int WarmupPeriods() => 0;

    /// <summary>Writes the VWAP anchored at the first bar. Allocates nothing.</summary>
    /// <exception cref="ArgumentException">Inputs differ in length or the output is too short.</exception>
    public static void Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, ReadOnlySpan<double> volume, Span<double> output)
    {
        Check(high, low, close, volume, output);
        var state = new VwapState(VwapAnchor.FirstBar, null);
        for (int i = 0; i < high.Length; i++)
        {
            output[i] = state.Next(DateTime.MinValue, high[i], low[i], close[i], volume[i]);
        }
    }

    /// <summary>Writes the session VWAP, restarting with the first bar of every UTC day. Allocates nothing.</summary>
    /// <exception cref="ArgumentException">Inputs differ in length or the output is too short.</exception>
    public static void ComputeSession(ReadOnlySpan<DateTime> timestamps, ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, ReadOnlySpan<double> volume, Span<double> output)
    {
        Check(high, low, close, volume, output);
        IndicatorGuard.SameLength(high.Length, timestamps.Length);
        var state = new VwapState(VwapAnchor.UtcDay, null);
        for (int i = 0; i < high.Length; i++)
        {
            output[i] = state.Next(timestamps[i], high[i], low[i], close[i], volume[i]);
        }
    }

    internal static void ValidateAnchor(VwapAnchor anchor)
    {
        if (anchor is not (VwapAnchor.FirstBar or VwapAnchor.UtcDay))
        {
            throw new ArgumentOutOfRangeException(nameof(anchor), anchor, "Unknown VWAP anchor.");
        }
    }

    private static void Check(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, ReadOnlySpan<double> volume, Span<double> output)
    {
        IndicatorGuard.SameLength(high.Length, low.Length);
        IndicatorGuard.SameLength(high.Length, close.Length);
        IndicatorGuard.SameLength(high.Length, volume.Length);
        IndicatorGuard.Output(high.Length, output.Length);
    }
}
