namespace PredictionSdk.Indicators;

/// <summary>Streaming rate of change of the close: O(1) <see cref="Add"/> and <see cref="Preview"/>.</summary>
public sealed class RocIndicator : IStreamingIndicator<RocResult>
{
    private readonly int _period;
    private RocState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public RocIndicator(int period = 12)
    {
        IndicatorGuard.Period(period);
        _period = period;
        _state = new RocState(period);
    }

    /// <summary>Look-back in bars.</summary>
    public int Period => _period;

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <summary>True once a value has been returned: after <c>period + 1</c> bars.</summary>
    public bool IsReady => _clock.Count > _period;

    /// <inheritdoc />
    public RocResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        (double momentum, double roc) = _state.Next(candle.Close);
        _clock.Commit(candle.Timestamp);
        return new RocResult(candle.Timestamp, Values.Nullable(momentum), Values.Nullable(roc));
    }

    /// <inheritdoc />
    public RocResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        (double momentum, double roc) = _state.Peek(candle.Close);
        return new RocResult(candle.Timestamp, Values.Nullable(momentum), Values.Nullable(roc));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }
}
