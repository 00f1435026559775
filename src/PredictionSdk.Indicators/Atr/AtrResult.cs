namespace PredictionSdk.Indicators;

/// <summary>Average true range of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Tr">True range; null on the first bar.</param>
/// <param name="Atr">Average true range; null during warm-up.</param>
/// <param name="Atrp">ATR as a percentage of the close.</param>
public readonly record struct AtrResult(DateTime Timestamp, double? Tr, double? Atr, double? Atrp)
{
    internal AtrResult(DateTime timestamp, in AtrValues v)
        : this(timestamp, Values.Nullable(v.Tr), Values.Nullable(v.Atr), Values.Nullable(v.Atrp))
    {
    }
}
