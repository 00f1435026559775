namespace PredictionSdk.Indicators;

/// <summary>Batch rate of change over candles.</summary>
public static class RocExtensions
{
    /// <summary>Momentum and percent rate of change of the close for every candle; null during the first <c>period</c> bars.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<RocResult> GetRoc(this IEnumerable<Candle> candles, int period = 12)
    {
        IndicatorGuard.Period(period);
        using var series = CandleSeries.From(candles, CandleFields.Close);
        Span<double> roc = series.RentOutput();
        Span<double> momentum = series.RentOutput();
        Roc.Compute(series.Close, roc, momentum, period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new RocResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new RocResult(time[i], Values.Nullable(momentum[i]), Values.Nullable(roc[i]));
        }

        return results;
    }
}
