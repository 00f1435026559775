namespace PredictionSdk.Indicators;

/// <summary>Streaming weighted moving average of the close: O(1) <see cref="Add"/> and <see cref="Preview"/>.</summary>
public sealed class WmaIndicator : IStreamingIndicator<WmaResult>
{
    private WeightedWindow _wma;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public WmaIndicator(int period = 20)
    {
        IndicatorGuard.Period(period);
        Period = period;
        _wma = new WeightedWindow(period);
    }

    /// <summary>Bars weighted.</summary>
    public int Period { get; }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _wma.IsFull;

    /// <inheritdoc />
    public WmaResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        double value = _wma.Next(candle.Close);
        _clock.Commit(candle.Timestamp);
        return new WmaResult(candle.Timestamp, Values.Nullable(value));
    }

    /// <inheritdoc />
    public WmaResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new WmaResult(candle.Timestamp, Values.Nullable(_wma.Peek(candle.Close)));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _wma.Clear();
        _clock.Clear();
    }
}
