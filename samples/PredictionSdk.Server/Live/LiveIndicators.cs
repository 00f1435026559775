using PredictionSdk.Indicators;
using PredictionSdk.Server.Api;

namespace PredictionSdk.Server.Live;

/// <summary>
/// The chart's indicators for one symbol, kept incrementally: closed bars are committed, updates of the
/// open bar are previewed without changing state.
/// </summary>
internal sealed class LiveIndicators
{
    private readonly RsiIndicator _rsi = new(14);
    private readonly MacdIndicator _macd = new(12, 26, 9);
    private readonly BollingerBandsIndicator _bollinger = new(20, 2);
    private static readonly CandleIndicators Empty = new(null, null, null, null, null, null, null);
    private DateTime _last = DateTime.MinValue;

    /// <summary>True for a bar at or before the last committed one: history the server already holds, not news.</summary>
    public bool Holds(DateTime timestamp) => timestamp <= _last;

    public CandleIndicators Update(in Candle candle, bool isFinal)
    {
        if (candle.Timestamp <= _last)
        {
            // A bar at or before the last committed one (warm-up backfill overlapping stored history, a duplicate):
            // the indicators have moved past it.
            return Empty;
        }

        if (isFinal)
        {
            _last = candle.Timestamp;
            var rsi = _rsi.Add(candle);
            var macd = _macd.Add(candle);
            var bands = _bollinger.Add(candle);
            return new(rsi.Rsi, macd.Macd, macd.Signal, macd.Histogram, bands.UpperBand, bands.Sma, bands.LowerBand);
        }

        var r = _rsi.Preview(candle);
        var m = _macd.Preview(candle);
        var b = _bollinger.Preview(candle);
        return new(r.Rsi, m.Macd, m.Signal, m.Histogram, b.UpperBand, b.Sma, b.LowerBand);
    }

    /// <summary>Commits history without reporting it.</summary>
    public void Seed(IEnumerable<Candle> closed)
    {
        foreach (var candle in closed)
        {
            Update(candle, isFinal: true);
        }
    }
}
