namespace PredictionSdk.Indicators;

/// <summary>Batch volume-weighted average price over candles.</summary>
public static class VwapExtensions
{
    /// <summary>VWAP for every candle, anchored at the first bar (or <paramref name="startDate"/>) or per UTC day.</summary>
    /// <param name="candles">Bars, oldest first.</param>
    /// <param name="anchor">Where the sums restart.</param>
    /// <param name="startDate">With <see cref="VwapAnchor.FirstBar"/>: bars before this time get null and the sums start at the first bar at or after it.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown <paramref name="anchor"/>.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<VwapResult> GetVwap(this IEnumerable<Candle> candles, VwapAnchor anchor = VwapAnchor.FirstBar, DateTime? startDate = null)
    {
        Vwap.ValidateAnchor(anchor);
        using var series = CandleSeries.From(candles, CandleFields.HighLowClose | CandleFields.Volume);
        var state = new VwapState(anchor, startDate);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        ReadOnlySpan<double> high = series.High, low = series.Low, close = series.Close, volume = series.Volume;
        var results = new VwapResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new VwapResult(time[i], Values.Nullable(state.Next(time[i], high[i], low[i], close[i], volume[i])));
        }

        return results;
    }

    /// <summary>Session VWAP: restarts with the first bar of every UTC day.</summary>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<VwapResult> GetSessionVwap(this IEnumerable<Candle> candles) => candles.GetVwap(VwapAnchor.UtcDay);
}
