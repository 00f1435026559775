namespace PredictionSdk.Indicators;

/// <summary>Batch Keltner Channels over candles.</summary>
public static class KeltnerExtensions
{
    /// <summary>Keltner Channels for every candle; null during warm-up (see <see cref="Keltner.WarmupPeriods"/>).</summary>
    /// <param name="candles">Candles, oldest first.</param>
    /// <param name="emaPeriods">EMA period of the centerline.</param>
    /// <param name="multiplier">ATR multiple of the band offsets.</param>
    /// <param name="atrPeriods">ATR period.</param>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 1 or <paramref name="multiplier"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<KeltnerResult> GetKeltner(this IEnumerable<Candle> candles, int emaPeriods = 20, double multiplier = 2, int atrPeriods = 10)
    {
        Keltner.Validate(emaPeriods, multiplier, atrPeriods);
        using var series = CandleSeries.From(candles, CandleFields.HighLowClose);
        ReadOnlySpan<double> high = series.High, low = series.Low, close = series.Close;
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var state = new KeltnerState(emaPeriods, multiplier, atrPeriods);
        var results = new KeltnerResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = KeltnerResult.From(time[i], state.Next(high[i], low[i], close[i]));
        }

        return results;
    }
}
