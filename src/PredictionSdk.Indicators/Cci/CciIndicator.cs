namespace PredictionSdk.Indicators;

/// <summary>Streaming Commodity Channel Index: O(period) <see cref="Add"/> and <see cref="Preview"/> (the mean deviation scans the window).</summary>
public sealed class CciIndicator : IStreamingIndicator<CciResult>
{
    private readonly int _period;
    private CciState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public CciIndicator(int period = 20)
    {
        IndicatorGuard.Period(period);
        _period = period;
        _state = new CciState(period);
    }

    /// <summary>Window length.</summary>
    public int Period => _period;

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _state.Count >= _period;

    /// <inheritdoc />
    public CciResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        double cci = _state.Next(Cci.TypicalPrice(candle.High, candle.Low, candle.Close));
        _clock.Commit(candle.Timestamp);
        return new CciResult(candle.Timestamp, Values.Nullable(cci));
    }

    /// <inheritdoc />
    public CciResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new CciResult(candle.Timestamp, Values.Nullable(_state.Peek(Cci.TypicalPrice(candle.High, candle.Low, candle.Close))));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }
}
