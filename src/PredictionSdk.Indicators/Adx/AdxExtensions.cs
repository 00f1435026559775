namespace PredictionSdk.Indicators;

/// <summary>Batch Average Directional Index over candles.</summary>
public static class AdxExtensions
{
    /// <summary>ADX, +DI, −DI and ADXR for every candle; null during warm-up (see <see cref="Adx.WarmupPeriods"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 1.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<AdxResult> GetAdx(this IEnumerable<Candle> candles, int period = 14)
    {
        Adx.ValidatePeriod(period);
        using var series = CandleSeries.From(candles, CandleFields.HighLowClose);
        Span<double> adx = series.RentOutput();
        Span<double> pdi = series.RentOutput();
        Span<double> mdi = series.RentOutput();
        Span<double> adxr = series.RentOutput();
        Adx.Compute(series.High, series.Low, series.Close, adx, pdi, mdi, adxr, period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new AdxResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new AdxResult(time[i], Values.Nullable(pdi[i]), Values.Nullable(mdi[i]), Values.Nullable(adx[i]), Values.Nullable(adxr[i]));
        }

        return results;
    }
}
