namespace PredictionSdk.Indicators;

/// <summary>Batch average true range over candles.</summary>
public static class AtrExtensions
{
    /// <summary>ATR (14 by default) for every candle; null during the first <c>period</c> bars.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<AtrResult> GetAtr(this IEnumerable<Candle> candles, int period = 14)
    {
        IndicatorGuard.Period(period);
        using var series = CandleSeries.From(candles, CandleFields.HighLowClose);
        var state = new AtrState(period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        ReadOnlySpan<double> high = series.High, low = series.Low, close = series.Close;
        var results = new AtrResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new AtrResult(time[i], state.Next(high[i], low[i], close[i]));
        }

        return results;
    }
}
