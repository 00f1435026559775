namespace PredictionSdk.Indicators;

/// <summary>Streaming rolling standard deviation of the close: O(1) <see cref="Add"/> and <see cref="Preview"/>.</summary>
public sealed class StdDevIndicator : IStreamingIndicator<StdDevResult>
{
    private readonly int _period;
    private RollingWindow _window;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public StdDevIndicator(int period = 20)
    {
        IndicatorGuard.Period(period);
        _period = period;
        _window = new RollingWindow(period);
    }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _window.IsFull;

    /// <inheritdoc />
    public StdDevResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        _window.Push(candle.Close);
        _clock.Commit(candle.Timestamp);
        return new StdDevResult(candle.Timestamp, _window.IsFull ? StdDev.FromMoments(_window.Moments(), _period, candle.Close) : StdDevValues.None);
    }

    /// <inheritdoc />
    public StdDevResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        if (_window.Count + 1 < _period)
        {
            return new StdDevResult(candle.Timestamp, StdDevValues.None);
        }

        return new StdDevResult(candle.Timestamp, StdDev.FromMoments(_window.PeekMoments(candle.Close), _period, candle.Close));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _window.Clear();
        _clock.Clear();
    }
}
