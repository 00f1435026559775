namespace PredictionSdk.Indicators;

/// <summary>Exponential moving average of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Ema">EMA of the close; null during warm-up.</param>
public readonly record struct EmaResult(DateTime Timestamp, double? Ema);
