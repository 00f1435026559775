using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>Batch rolling standard deviation over candles.</summary>
public static class StdDevExtensions
{
    /// <summary>Rolling population standard deviation of the close for every candle; null during the first <c>period − 1</c> bars.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<StdDevResult> GetStdDev(this IEnumerable<Candle> candles, int period = 20)
    {
        IndicatorGuard.Period(period);
        using var series = CandleSeries.From(candles, CandleFields.Close);
        double[] buffer = ArrayPool<double>.Shared.Rent(period);
        try
        {
            var window = new RollingWindow(period, buffer);
            ReadOnlySpan<DateTime> time = series.Timestamps;
            ReadOnlySpan<double> close = series.Close;
            var results = new StdDevResult[series.Count];
            for (int i = 0; i < results.Length; i++)
            {
                window.Push(close[i]);
                StdDevValues v = window.IsFull ? StdDev.FromMoments(window.Moments(), period, close[i]) : StdDevValues.None;
                results[i] = new StdDevResult(time[i], v);
            }

            return results;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
