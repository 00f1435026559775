namespace PredictionSdk.Indicators;

/// <summary>Streaming Bollinger Bands of the close: O(1) <see cref="Add"/> and <see cref="Preview"/>.</summary>
public sealed class BollingerBandsIndicator : IStreamingIndicator<BollingerBandsResult>
{
    private readonly int _period;
    private readonly double _k;
    private RollingWindow _window;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0 or <paramref name="standardDeviations"/> not finite and positive.</exception>
    public BollingerBandsIndicator(int period = 20, double standardDeviations = 2)
    {
        BollingerBands.Validate(period, standardDeviations);
        _period = period;
        _k = standardDeviations;
        _window = new RollingWindow(period);
    }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _window.IsFull;

    /// <inheritdoc />
    public BollingerBandsResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        _window.Push(candle.Close);
        _clock.Commit(candle.Timestamp);
        return new BollingerBandsResult(candle.Timestamp, _window.IsFull ? BollingerBands.From(_window.Moments(), _period, _k, candle.Close) : BollingerValues.None);
    }

    /// <inheritdoc />
    public BollingerBandsResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        if (_window.Count + 1 < _period)
        {
            return new BollingerBandsResult(candle.Timestamp, BollingerValues.None);
        }

        return new BollingerBandsResult(candle.Timestamp, BollingerBands.From(_window.PeekMoments(candle.Close), _period, _k, candle.Close));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _window.Clear();
        _clock.Clear();
    }
}
