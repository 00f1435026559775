namespace PredictionSdk.Indicators;

/// <summary>Money Flow Index of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Mfi">MFI in [0, 100]; null during the first <c>period</c> bars.</param>
public readonly record struct MfiResult(DateTime Timestamp, double? Mfi);
