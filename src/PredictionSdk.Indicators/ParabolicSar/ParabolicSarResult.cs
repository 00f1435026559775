namespace PredictionSdk.Indicators;

/// <summary>Parabolic SAR of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Sar">Stop-and-reverse level; null until the bar after the first trend reversal.</param>
/// <param name="IsReversal">True when the trend reverses on this bar (the SAR then jumps to the prior extreme point); null while <paramref name="Sar"/> is null.</param>
public readonly record struct ParabolicSarResult(DateTime Timestamp, double? Sar, bool? IsReversal);
