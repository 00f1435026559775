namespace PredictionSdk.Indicators;

/// <summary>Batch relative strength index over candles.</summary>
public static class RsiExtensions
{
    /// <summary>RSI of the close for every candle; null during the first <c>period</c> bars.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<RsiResult> GetRsi(this IEnumerable<Candle> candles, int period = 14)
    {
        IndicatorGuard.Period(period);
        using var series = CandleSeries.From(candles, CandleFields.Close);
        Span<double> rsi = series.RentOutput();
        Rsi.Compute(series.Close, rsi, period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new RsiResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new RsiResult(time[i], Values.Nullable(rsi[i]));
        }

        return results;
    }
}
