namespace PredictionSdk.Indicators;

/// <summary>Batch Williams %R over candles.</summary>
public static class WilliamsRExtensions
{
    /// <summary>Williams %R for every candle; null during the first <c>period − 1</c> bars.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<WilliamsRResult> GetWilliamsR(this IEnumerable<Candle> candles, int period = 14)
    {
        IndicatorGuard.Period(period);
        using var series = CandleSeries.From(candles, CandleFields.HighLowClose);
        Span<double> wr = series.RentOutput();
        WilliamsR.Compute(series.High, series.Low, series.Close, wr, period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new WilliamsRResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new WilliamsRResult(time[i], Values.Nullable(wr[i]));
        }

        return results;
    }
}
