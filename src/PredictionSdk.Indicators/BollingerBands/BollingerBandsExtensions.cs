using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>Batch Bollinger Bands over candles.</summary>
public static class BollingerBandsExtensions
{
    /// <summary>Bollinger Bands (20, 2 by default, population σ) of the close for every candle; null during warm-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0 or <paramref name="standardDeviations"/> not finite and positive.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<BollingerBandsResult> GetBollingerBands(this IEnumerable<Candle> candles, int period = 20, double standardDeviations = 2)
    {
        BollingerBands.Validate(period, standardDeviations);
        using var series = CandleSeries.From(candles, CandleFields.Close);
        double[] buffer = ArrayPool<double>.Shared.Rent(period);
        try
        {
            var window = new RollingWindow(period, buffer);
            ReadOnlySpan<DateTime> time = series.Timestamps;
            ReadOnlySpan<double> close = series.Close;
            var results = new BollingerBandsResult[series.Count];
            for (int i = 0; i < results.Length; i++)
            {
                window.Push(close[i]);
                BollingerValues v = window.IsFull ? BollingerBands.From(window.Moments(), period, standardDeviations, close[i]) : BollingerValues.None;
                results[i] = new BollingerBandsResult(time[i], v);
            }

            return results;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
