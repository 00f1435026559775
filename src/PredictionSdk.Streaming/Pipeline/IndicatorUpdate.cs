using PredictionSdk.Indicators;

namespace PredictionSdk.Streaming;

/// <summary>The reported indicators of one symbol after a validated update, as the indicator tap reports them.</summary>
/// <param name="Update">The validated update (closed bar, or the open bar previewed).</param>
/// <param name="Values">RSI(14), MACD(12, 26, 9) and Bollinger(20, 2) (<see cref="ReportedIndicators"/>); a value is null during its warm-up.</param>
public readonly record struct IndicatorUpdate(CandleUpdate Update, ReportedIndicatorValues Values)
{
    /// <summary>Instrument.</summary>
    public Symbol Symbol => Update.Symbol;

    /// <summary>Open time of the bar the values are for.</summary>
    public DateTime Timestamp => Update.Candle.Timestamp;

    /// <summary>True for a closed bar (committed); false for a preview of the open bar.</summary>
    public bool IsFinal => Update.IsFinal;

    /// <summary>Close (or last price) of the bar.</summary>
    public double Close => Update.Candle.Close;
}
