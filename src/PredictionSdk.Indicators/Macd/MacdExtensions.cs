namespace PredictionSdk.Indicators;

/// <summary>Batch MACD over candles.</summary>
public static class MacdExtensions
{
    /// <summary>MACD (12, 26, 9 by default) of the close for every candle; null during warm-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 0, or <paramref name="slowPeriod"/> ≤ <paramref name="fastPeriod"/>.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<MacdResult> GetMacd(this IEnumerable<Candle> candles, int fastPeriod = 12, int slowPeriod = 26, int signalPeriod = 9)
    {
        Macd.Validate(fastPeriod, slowPeriod, signalPeriod);
        using var series = CandleSeries.From(candles, CandleFields.Close);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        ReadOnlySpan<double> close = series.Close;
        var state = new MacdState(fastPeriod, slowPeriod, signalPeriod);
        var results = new MacdResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new MacdResult(time[i], state.Next(close[i]));
        }

        return results;
    }
}
