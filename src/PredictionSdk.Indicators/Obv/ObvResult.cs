namespace PredictionSdk.Indicators;

/// <summary>On-balance volume of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Obv">Running on-balance volume (0 on the first bar).</param>
public readonly record struct ObvResult(DateTime Timestamp, double? Obv);
