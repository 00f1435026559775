namespace PredictionSdk.Indicators;

/// <summary>Batch weighted moving average over candles.</summary>
public static class WmaExtensions
{
    /// <summary>WMA of the close for every candle; null during the first <c>period − 1</c> bars.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<WmaResult> GetWma(this IEnumerable<Candle> candles, int period = 20)
    {
        IndicatorGuard.Period(period);
        using var series = CandleSeries.From(candles, CandleFields.Close);
        Span<double> wma = series.RentOutput();
        Wma.Compute(series.Close, wma, period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new WmaResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new WmaResult(time[i], Values.Nullable(wma[i]));
        }

        return results;
    }
}
