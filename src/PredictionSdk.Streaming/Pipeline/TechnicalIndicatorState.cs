using PredictionSdk.Indicators;

namespace PredictionSdk.Streaming;

/// <summary>
/// The indicators a <see cref="Prediction"/> reports — RSI(14), MACD(12, 26, 9), Bollinger(20, 2) — kept per symbol
/// with the library's streaming indicators: <see cref="Add"/> commits a closed bar, <see cref="Preview"/> computes as
/// if the open bar closed now without changing state.
/// </summary>
internal sealed class TechnicalIndicatorState
{
    private readonly RsiIndicator _rsi = new(14);
    private readonly MacdIndicator _macd = new(12, 26, 9);
    private readonly BollingerBandsIndicator _bands = new(20, 2);

    /// <summary>Values after the last <see cref="Add"/> or <see cref="Preview"/>; building the record is left to who needs it.</summary>
    public Values Current { get; private set; }

    public void Add(in Candle candle)
    {
        var bands = _bands.Add(candle);
        Current = new Values(_rsi.Add(candle).Rsi, _macd.Add(candle).Macd, bands.UpperBand, bands.LowerBand);
    }

    public void Preview(in Candle candle)
    {
        var bands = _bands.Preview(candle);
        Current = new Values(_rsi.Preview(candle).Rsi, _macd.Preview(candle).Macd, bands.UpperBand, bands.LowerBand);
    }

    /// <summary>The latest values without allocation.</summary>
    internal readonly record struct Values(double? Rsi, double? Macd, double? BollingerUpper, double? BollingerLower)
    {
        public TechnicalIndicators ToRecord() => new(Rsi, Macd, BollingerUpper, BollingerLower);
    }
}
