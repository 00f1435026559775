namespace PredictionSdk.Indicators;

/// <summary>Batch Donchian Channels over candles.</summary>
public static class DonchianExtensions
{
    /// <summary>Donchian Channels for every candle; null during the first <c>period</c> bars.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<DonchianResult> GetDonchian(this IEnumerable<Candle> candles, int period = 20)
    {
        IndicatorGuard.Period(period);
        using var series = CandleSeries.From(candles, CandleFields.High | CandleFields.Low);
        Span<double> upper = series.RentOutput();
        Span<double> center = series.RentOutput();
        Span<double> lower = series.RentOutput();
        Donchian.Compute(series.High, series.Low, upper, center, lower, period);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new DonchianResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = DonchianResult.From(time[i], upper[i], lower[i]);
        }

        return results;
    }
}
