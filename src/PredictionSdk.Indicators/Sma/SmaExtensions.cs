namespace PredictionSdk.Indicators;

/// <summary>Batch simple moving average over candles.</summary>
public static class SmaExtensions
{
    /// <summary>SMA of the close for every candle; null during the first <c>period − 1</c> bars.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<SmaResult> GetSma(this IEnumerable<Candle> candles, int period = 20)
    {
        IndicatorGuard.Period(period);
        using var series = CandleSeries.From(candles, CandleFields.Close);
        Span<double> sma = series.RentOutput();
        Sma.Compute(series.Close, sma, period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new SmaResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new SmaResult(time[i], Values.Nullable(sma[i]));
        }

        return results;
    }
}
