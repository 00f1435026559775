namespace PredictionSdk.Indicators;

/// <summary>MACD of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Macd">Fast EMA − slow EMA; null until the slow EMA exists.</param>
/// <param name="Signal">EMA of the MACD line; null during its warm-up.</param>
/// <param name="Histogram">MACD − signal.</param>
/// <param name="FastEma">Fast EMA of the close.</param>
/// <param name="SlowEma">Slow EMA of the close.</param>
public readonly record struct MacdResult(DateTime Timestamp, double? Macd, double? Signal, double? Histogram, double? FastEma, double? SlowEma)
{
    internal MacdResult(DateTime timestamp, in MacdValues v)
        : this(timestamp, Values.Nullable(v.Macd), Values.Nullable(v.Signal), Values.Nullable(v.Histogram), Values.Nullable(v.FastEma), Values.Nullable(v.SlowEma))
    {
    }
}
