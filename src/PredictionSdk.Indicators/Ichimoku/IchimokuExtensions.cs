namespace PredictionSdk.Indicators;

/// <summary>Batch Ichimoku Cloud over candles.</summary>
public static class IchimokuExtensions
{
    /// <summary>Ichimoku lines for every candle, as plotted (leading spans displaced forward, chikou backward by <paramref name="kijunPeriods"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 0, or <paramref name="senkouBPeriods"/> ≤ <paramref name="kijunPeriods"/>.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<IchimokuResult> GetIchimoku(
        this IEnumerable<Candle> candles,
        int tenkanPeriods = 9,
        int kijunPeriods = 26,
        int senkouBPeriods = 52)
    {
        Ichimoku.Validate(tenkanPeriods, kijunPeriods, senkouBPeriods);
        using var series = CandleSeries.From(candles, CandleFields.HighLowClose);
        Span<double> tenkan = series.RentOutput();
        Span<double> kijun = series.RentOutput();
        Span<double> spanA = series.RentOutput();
        Span<double> spanB = series.RentOutput();
        Span<double> chikou = series.RentOutput();
        Ichimoku.Compute(series.High, series.Low, series.Close, tenkan, kijun, spanA, spanB, chikou, tenkanPeriods, kijunPeriods, senkouBPeriods);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new IchimokuResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new IchimokuResult(
                time[i],
                Values.Nullable(tenkan[i]),
                Values.Nullable(kijun[i]),
                Values.Nullable(spanA[i]),
                Values.Nullable(spanB[i]),
                Values.Nullable(chikou[i]));
        }

        return results;
    }
}
