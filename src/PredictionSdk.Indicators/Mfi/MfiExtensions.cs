namespace PredictionSdk.Indicators;

/// <summary>Batch Money Flow Index over candles.</summary>
public static class MfiExtensions
{
    /// <summary>MFI for every candle; null during the first <c>period</c> bars.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 1.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<MfiResult> GetMfi(this IEnumerable<Candle> candles, int period = 14)
    {
        Mfi.ValidatePeriod(period);
        using var series = CandleSeries.From(candles, CandleFields.HighLowClose | CandleFields.Volume);
        Span<double> mfi = series.RentOutput();
        Mfi.Compute(series.High, series.Low, series.Close, series.Volume, mfi, period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new MfiResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new MfiResult(time[i], Values.Nullable(mfi[i]));
        }

        return results;
    }
}
