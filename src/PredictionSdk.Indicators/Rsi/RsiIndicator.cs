namespace PredictionSdk.Indicators;

/// <summary>Streaming RSI of the close: O(1) <see cref="Add"/> and <see cref="Preview"/>, no allocation.</summary>
public sealed class RsiIndicator : IStreamingIndicator<RsiResult>
{
    private RsiState _rsi;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public RsiIndicator(int period = 14)
    {
        IndicatorGuard.Period(period);
        Period = period;
        _rsi = new RsiState(period);
    }

    /// <summary>Smoothing period.</summary>
    public int Period { get; }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _clock.Count > Period;

    /// <inheritdoc />
    public RsiResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        double value = _rsi.Next(candle.Close);
        _clock.Commit(candle.Timestamp);
        return new RsiResult(candle.Timestamp, Values.Nullable(value));
    }

    /// <inheritdoc />
    public RsiResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new RsiResult(candle.Timestamp, Values.Nullable(_rsi.Peek(candle.Close)));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _rsi.Clear();
        _clock.Clear();
    }
}
