namespace PredictionSdk.Streaming;

/// <summary>Indicator values of one symbol after a validated update, as the indicator tap reports them.</summary>
/// <param name="Symbol">Instrument.</param>
/// <param name="Timestamp">Open time of the bar the values are for.</param>
/// <param name="IsFinal">True for a closed bar (committed); false for a preview of the open bar.</param>
/// <param name="Close">Close (or last price) of the bar.</param>
/// <param name="Values">RSI(14), MACD(12, 26) and Bollinger(20, 2); a value is null during its warm-up.</param>
public readonly record struct IndicatorUpdate(Symbol Symbol, DateTime Timestamp, bool IsFinal, double Close, TechnicalIndicators Values);
