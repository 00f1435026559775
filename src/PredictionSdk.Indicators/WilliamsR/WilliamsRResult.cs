namespace PredictionSdk.Indicators;

/// <summary>Williams %R of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="WilliamsR">%R in [−100, 0]; null during the first <c>period − 1</c> bars.</param>
public readonly record struct WilliamsRResult(DateTime Timestamp, double? WilliamsR);
