namespace PredictionSdk.Indicators;

/// <summary>Batch exponential moving average over candles.</summary>
public static class EmaExtensions
{
    /// <summary>EMA of the close for every candle; null during the first <c>period − 1</c> bars.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<EmaResult> GetEma(this IEnumerable<Candle> candles, int period = 20)
    {
        IndicatorGuard.Period(period);
        using var series = CandleSeries.From(candles, CandleFields.Close);
        Span<double> ema = series.RentOutput();
        Ema.Compute(series.Close, ema, period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new EmaResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new EmaResult(time[i], Values.Nullable(ema[i]));
        }

        return results;
    }
}
