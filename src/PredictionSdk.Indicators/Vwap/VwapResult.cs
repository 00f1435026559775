namespace PredictionSdk.Indicators;

/// <summary>Volume-weighted average price of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Vwap">VWAP since the anchor; null before the start date or while no volume has traded.</param>
public readonly record struct VwapResult(DateTime Timestamp, double? Vwap);
