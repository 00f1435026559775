namespace PredictionSdk.Indicators;

/// <summary>Streaming average true range: O(1) <see cref="Add"/> and <see cref="Preview"/>, no allocation.</summary>
public sealed class AtrIndicator : IStreamingIndicator<AtrResult>
{
    private AtrState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public AtrIndicator(int period = 14)
    {
        IndicatorGuard.Period(period);
        Period = period;
        _state = new AtrState(period);
    }

    /// <summary>Smoothing period.</summary>
    public int Period { get; }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _clock.Count > Period;

    /// <inheritdoc />
    public AtrResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        AtrValues values = _state.Next(candle.High, candle.Low, candle.Close);
        _clock.Commit(candle.Timestamp);
        return new AtrResult(candle.Timestamp, values);
    }

    /// <inheritdoc />
    public AtrResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new AtrResult(candle.Timestamp, _state.Peek(candle.High, candle.Low, candle.Close));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }
}
