namespace PredictionSdk.Indicators;

/// <summary>Relative strength index of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Rsi">RSI in [0, 100]; null during warm-up.</param>
public readonly record struct RsiResult(DateTime Timestamp, double? Rsi);
