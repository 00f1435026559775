namespace PredictionSdk.Indicators;

/// <summary>Simple moving average of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Sma">Mean close of the last <c>period</c> bars; null during warm-up.</param>
public readonly record struct SmaResult(DateTime Timestamp, double? Sma);
