namespace PredictionSdk.Indicators;

/// <summary>Batch on-balance volume over candles.</summary>
public static class ObvExtensions
{
    /// <summary>OBV for every candle, starting at 0.</summary>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<ObvResult> GetObv(this IEnumerable<Candle> candles)
    {
        using var series = CandleSeries.From(candles, CandleFields.Close | CandleFields.Volume);
        var state = default(ObvState);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        ReadOnlySpan<double> close = series.Close, volume = series.Volume;
        var results = new ObvResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new ObvResult(time[i], Values.Nullable(state.Next(close[i], volume[i])));
        }

        return results;
    }
}
