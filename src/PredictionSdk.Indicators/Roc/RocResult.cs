namespace PredictionSdk.Indicators;

/// <summary>Rate of change of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Momentum">Close minus the close <c>period</c> bars earlier; null during the first <c>period</c> bars.</param>
/// <param name="Roc">Rate of change in percent; null during warm-up and when the earlier close is zero.</param>
public readonly record struct RocResult(DateTime Timestamp, double? Momentum, double? Roc);
