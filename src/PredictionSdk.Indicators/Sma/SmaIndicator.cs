namespace PredictionSdk.Indicators;

/// <summary>Streaming simple moving average of the close: O(1) <see cref="Add"/> and <see cref="Preview"/>.</summary>
public sealed class SmaIndicator : IStreamingIndicator<SmaResult>
{
    private readonly int _period;
    private RollingWindow _window;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public SmaIndicator(int period = 20)
    {
        IndicatorGuard.Period(period);
        _period = period;
        _window = new RollingWindow(period);
    }

    /// <summary>Bars averaged.</summary>
    public int Period => _period;

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _window.IsFull;

    /// <inheritdoc />
    public SmaResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        _window.Push(candle.Close);
        _clock.Commit(candle.Timestamp);
        return new SmaResult(candle.Timestamp, Values.Nullable(_window.IsFull ? _window.Sum / _period : double.NaN));
    }

    /// <inheritdoc />
    public SmaResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        bool full = _window.Count + 1 >= _period;
        return new SmaResult(candle.Timestamp, Values.Nullable(full ? _window.PeekSum(candle.Close) / _period : double.NaN));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _window.Clear();
        _clock.Clear();
    }
}
