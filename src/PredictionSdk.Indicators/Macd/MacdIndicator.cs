namespace PredictionSdk.Indicators;

/// <summary>Streaming MACD of the close: O(1) <see cref="Add"/> and <see cref="Preview"/>, no allocation.</summary>
public sealed class MacdIndicator : IStreamingIndicator<MacdResult>
{
    private MacdState _macd;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 0, or <paramref name="slowPeriod"/> ≤ <paramref name="fastPeriod"/>.</exception>
    public MacdIndicator(int fastPeriod = 12, int slowPeriod = 26, int signalPeriod = 9)
    {
        Macd.Validate(fastPeriod, slowPeriod, signalPeriod);
        SlowPeriod = slowPeriod;
        _macd = new MacdState(fastPeriod, slowPeriod, signalPeriod);
    }

    /// <summary>Slow EMA period; the MACD line shows from this bar on.</summary>
    public int SlowPeriod { get; }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _clock.Count >= SlowPeriod;

    /// <inheritdoc />
    public MacdResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        MacdValues values = _macd.Next(candle.Close);
        _clock.Commit(candle.Timestamp);
        return new MacdResult(candle.Timestamp, values);
    }

    /// <inheritdoc />
    public MacdResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new MacdResult(candle.Timestamp, _macd.Peek(candle.Close));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _macd.Clear();
        _clock.Clear();
    }
}
