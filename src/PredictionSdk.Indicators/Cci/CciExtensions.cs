namespace PredictionSdk.Indicators;

/// <summary>Batch Commodity Channel Index over candles.</summary>
public static class CciExtensions
{
    /// <summary>CCI for every candle; null during the first <c>period − 1</c> bars and for flat windows.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<CciResult> GetCci(this IEnumerable<Candle> candles, int period = 20)
    {
        IndicatorGuard.Period(period);
        using var series = CandleSeries.From(candles, CandleFields.HighLowClose);
        Span<double> cci = series.RentOutput();
        Cci.Compute(series.High, series.Low, series.Close, cci, period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new CciResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new CciResult(time[i], Values.Nullable(cci[i]));
        }

        return results;
    }
}
