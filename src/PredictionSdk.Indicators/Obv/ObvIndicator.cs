namespace PredictionSdk.Indicators;

/// <summary>Streaming on-balance volume: O(1) <see cref="Add"/> and <see cref="Preview"/>, no allocation.</summary>
public sealed class ObvIndicator : IStreamingIndicator<ObvResult>
{
    private ObvState _state;
    private BarClock _clock;

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _clock.Count > 0;

    /// <inheritdoc />
    public ObvResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        double value = _state.Next(candle.Close, candle.Volume);
        _clock.Commit(candle.Timestamp);
        return new ObvResult(candle.Timestamp, Values.Nullable(value));
    }

    /// <inheritdoc />
    public ObvResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new ObvResult(candle.Timestamp, Values.Nullable(_state.Peek(candle.Close, candle.Volume)));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }
}
