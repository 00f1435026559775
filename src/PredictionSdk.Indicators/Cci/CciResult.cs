namespace PredictionSdk.Indicators;

/// <summary>Commodity Channel Index of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Cci">CCI; null during the first <c>period − 1</c> bars and when the window's mean deviation is zero.</param>
public readonly record struct CciResult(DateTime Timestamp, double? Cci);
