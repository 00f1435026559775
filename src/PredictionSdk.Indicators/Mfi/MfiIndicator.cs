namespace PredictionSdk.Indicators;

/// <summary>Streaming Money Flow Index: O(1) <see cref="Add"/> and <see cref="Preview"/>.</summary>
public sealed class MfiIndicator : IStreamingIndicator<MfiResult>
{
    private readonly int _period;
    private MfiState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 1.</exception>
    public MfiIndicator(int period = 14)
    {
        Mfi.ValidatePeriod(period);
        _period = period;
        _state = new MfiState(period);
    }

    /// <summary>Window length.</summary>
    public int Period => _period;

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <summary>True once a value has been returned: after <c>period + 1</c> bars.</summary>
    public bool IsReady => _state.Count > _period;

    /// <inheritdoc />
    public MfiResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        double mfi = _state.Next(candle.High, candle.Low, candle.Close, candle.Volume);
        _clock.Commit(candle.Timestamp);
        return new MfiResult(candle.Timestamp, Values.Nullable(mfi));
    }

    /// <inheritdoc />
    public MfiResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new MfiResult(candle.Timestamp, Values.Nullable(_state.Peek(candle.High, candle.Low, candle.Close, candle.Volume)));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }
}
