namespace PredictionSdk.Indicators;

/// <summary>Stochastic oscillator of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="K">%K (smoothed oscillator) in [0, 100]; null during warm-up.</param>
/// <param name="D">%D, the SMA of %K; null during its warm-up.</param>
/// <param name="J">%J = 3·%K − 2·%D (KDJ).</param>
public readonly record struct StochasticResult(DateTime Timestamp, double? K, double? D, double? J)
{
    internal StochasticResult(DateTime timestamp, in StochasticValues v)
        : this(timestamp, Values.Nullable(v.K), Values.Nullable(v.D), Values.Nullable(v.J))
    {
    }
}
