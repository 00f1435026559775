namespace PredictionSdk.Indicators;

/// <summary>Keltner Channels of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="UpperBand">Centerline + multiplier × ATR; null during warm-up.</param>
/// <param name="Centerline">EMA of the close; null during warm-up.</param>
/// <param name="LowerBand">Centerline − multiplier × ATR; null during warm-up.</param>
/// <param name="Width">(upper − lower) / centerline; null during warm-up and when the centerline is zero.</param>
public readonly record struct KeltnerResult(DateTime Timestamp, double? UpperBand, double? Centerline, double? LowerBand, double? Width)
{
    internal static KeltnerResult From(DateTime timestamp, in KeltnerValues v) =>
        new(timestamp, Values.Nullable(v.Upper), Values.Nullable(v.Center), Values.Nullable(v.Lower), Values.Nullable(v.Width));
}
