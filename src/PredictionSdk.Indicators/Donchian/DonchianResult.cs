namespace PredictionSdk.Indicators;

/// <summary>Donchian Channels of one bar (from the <c>period</c> bars before it).</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="UpperBand">Highest high of the prior <c>period</c> bars; null during the first <c>period</c> bars.</param>
/// <param name="Centerline">Midpoint of the bands.</param>
/// <param name="LowerBand">Lowest low of the prior <c>period</c> bars.</param>
/// <param name="Width">(upper − lower) / centerline; null when the centerline is zero.</param>
public readonly record struct DonchianResult(DateTime Timestamp, double? UpperBand, double? Centerline, double? LowerBand, double? Width)
{
    internal static DonchianResult From(DateTime timestamp, double upper, double lower)
    {
        double center = Donchian.Center(upper, lower);
        return new DonchianResult(
            timestamp,
            Values.Nullable(upper),
            Values.Nullable(center),
            Values.Nullable(lower),
            Values.Nullable(Donchian.Width(upper, center, lower)));
    }
}
