namespace PredictionSdk.Indicators;

/// <summary>Streaming exponential moving average of the close: O(1) <see cref="Add"/> and <see cref="Preview"/>, no allocation.</summary>
public sealed class EmaIndicator : IStreamingIndicator<EmaResult>
{
    private ExponentialAverage _ema;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public EmaIndicator(int period = 20)
    {
        IndicatorGuard.Period(period);
        Period = period;
        _ema = new ExponentialAverage(period);
    }

    /// <summary>Smoothing period.</summary>
    public int Period { get; }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _clock.Count >= Period;

    /// <inheritdoc />
    public EmaResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        double value = _ema.Next(candle.Close);
        _clock.Commit(candle.Timestamp);
        return new EmaResult(candle.Timestamp, Values.Nullable(value));
    }

    /// <inheritdoc />
    public EmaResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new EmaResult(candle.Timestamp, Values.Nullable(_ema.Peek(candle.Close)));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _ema.Clear();
        _clock.Clear();
    }
}
