namespace PredictionSdk.Indicators;

/// <summary>Streaming Williams %R: O(1) amortised <see cref="Add"/> (monotonic deques), O(1) <see cref="Preview"/>.</summary>
public sealed class WilliamsRIndicator : IStreamingIndicator<WilliamsRResult>
{
    private readonly int _period;
    private WilliamsRState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public WilliamsRIndicator(int period = 14)
    {
        IndicatorGuard.Period(period);
        _period = period;
        _state = new WilliamsRState(period);
    }

    /// <summary>Window length.</summary>
    public int Period => _period;

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _state.Count >= _period;

    /// <inheritdoc />
    public WilliamsRResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        double wr = _state.Next(candle.High, candle.Low, candle.Close);
        _clock.Commit(candle.Timestamp);
        return new WilliamsRResult(candle.Timestamp, Values.Nullable(wr));
    }

    /// <inheritdoc />
    public WilliamsRResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new WilliamsRResult(candle.Timestamp, Values.Nullable(_state.Peek(candle.High, candle.Low, candle.Close)));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }
}
