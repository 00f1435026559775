namespace PredictionSdk.Indicators;

/// <summary>Weighted moving average of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Wma">WMA of the close; null during warm-up.</param>
public readonly record struct WmaResult(DateTime Timestamp, double? Wma);
