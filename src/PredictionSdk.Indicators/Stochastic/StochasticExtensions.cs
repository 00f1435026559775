namespace PredictionSdk.Indicators;

/// <summary>Batch stochastic oscillator over candles.</summary>
public static class StochasticExtensions
{
    /// <summary>Stochastic (14, 3, 3 by default) for every candle; null during warm-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<StochasticResult> GetStoch(this IEnumerable<Candle> candles, int period = 14, int signalPeriod = 3, int smoothPeriod = 3)
    {
        Stochastic.Validate(period, signalPeriod, smoothPeriod);
        using var series = CandleSeries.From(candles, CandleFields.HighLowClose);
        using var buffers = new StochasticBuffers(period, signalPeriod, smoothPeriod);
        var state = new StochasticState(period, signalPeriod, smoothPeriod, buffers);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        ReadOnlySpan<double> high = series.High, low = series.Low, close = series.Close;
        var results = new StochasticResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new StochasticResult(time[i], state.Next(high[i], low[i], close[i]));
        }

        return results;
    }
}
