namespace PredictionSdk.Indicators;

/// <summary>Batch Parabolic SAR over candles.</summary>
public static class ParabolicSarExtensions
{
    /// <summary>Parabolic SAR for every candle; null until the bar after the first trend reversal.</summary>
    /// <param name="candles">Candles, oldest first.</param>
    /// <param name="accelerationStep">Increment of the acceleration factor at each new extreme point.</param>
    /// <param name="maxAccelerationFactor">Cap of the acceleration factor.</param>
    /// <param name="initialFactor">Acceleration factor at the start of each trend; <paramref name="accelerationStep"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A factor is not positive, or the step or the initial factor exceeds the cap.</exception>
    /// <exception cref="CandleOrderException">Timestamps are not strictly increasing.</exception>
    public static IReadOnlyList<ParabolicSarResult> GetParabolicSar(
        this IEnumerable<Candle> candles,
        double accelerationStep = 0.02,
        double maxAccelerationFactor = 0.2,
        double? initialFactor = null)
    {
        double initial = ParabolicSar.Validate(accelerationStep, maxAccelerationFactor, initialFactor);
        using var series = CandleSeries.From(candles, CandleFields.High | CandleFields.Low);
        Span<double> sar = series.RentOutput();
        bool[] reversal = new bool[series.Count];
        ParabolicSar.Compute(series.High, series.Low, sar, reversal, accelerationStep, maxAccelerationFactor, initial);
        ReadOnlySpan<DateTime> time = series.Timestamps;
        var results = new ParabolicSarResult[series.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = double.IsNaN(sar[i])
                ? new ParabolicSarResult(time[i], null, null)
                : new ParabolicSarResult(time[i], sar[i], reversal[i]);
        }

        return results;
    }
}
