namespace PredictionSdk.Indicators;

/// <summary>Rolling standard deviation of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="StdDev">Population standard deviation of the close over the window; null during warm-up.</param>
/// <param name="Mean">Mean close over the window.</param>
/// <param name="ZScore">(close − mean)/σ; null when σ = 0.</param>
public readonly record struct StdDevResult(DateTime Timestamp, double? StdDev, double? Mean, double? ZScore)
{
    internal StdDevResult(DateTime timestamp, in StdDevValues v)
        : this(timestamp, Values.Nullable(v.StdDev), Values.Nullable(v.Mean), Values.Nullable(v.ZScore))
    {
    }
}
