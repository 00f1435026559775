namespace PredictionSdk.Indicators;

/// <summary>Bollinger Bands of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="UpperBand">Middle + k·σ; null during warm-up.</param>
/// <param name="Sma">Middle band: SMA of the close.</param>
/// <param name="LowerBand">Middle − k·σ.</param>
/// <param name="PercentB">(close − lower)/(upper − lower); null when the bands coincide.</param>
/// <param name="ZScore">(close − middle)/σ; null when σ = 0.</param>
/// <param name="Width">(upper − lower)/middle; null when the middle is 0.</param>
public readonly record struct BollingerBandsResult(DateTime Timestamp, double? UpperBand, double? Sma, double? LowerBand, double? PercentB, double? ZScore, double? Width)
{
    internal BollingerBandsResult(DateTime timestamp, in BollingerValues v)
        : this(timestamp, Values.Nullable(v.Upper), Values.Nullable(v.Middle), Values.Nullable(v.Lower), Values.Nullable(v.PercentB), Values.Nullable(v.ZScore), Values.Nullable(v.Width))
    {
    }
}
