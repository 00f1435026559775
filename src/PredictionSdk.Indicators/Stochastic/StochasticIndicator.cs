namespace PredictionSdk.Indicators;

/// <summary>Streaming stochastic oscillator: O(1) amortised <see cref="Add"/>, O(1) <see cref="Preview"/>.</summary>
public sealed class StochasticIndicator : IStreamingIndicator<StochasticResult>
{
    private StochasticState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 0.</exception>
    public StochasticIndicator(int period = 14, int signalPeriod = 3, int smoothPeriod = 3)
    {
        Stochastic.Validate(period, signalPeriod, smoothPeriod);
        _state = new StochasticState(period, signalPeriod, smoothPeriod);
    }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _state.IsReady;

    /// <inheritdoc />
    public StochasticResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        StochasticValues values = _state.Next(candle.High, candle.Low, candle.Close);
        _clock.Commit(candle.Timestamp);
        return new StochasticResult(candle.Timestamp, values);
    }

    /// <inheritdoc />
    public StochasticResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new StochasticResult(candle.Timestamp, _state.Peek(candle.High, candle.Low, candle.Close));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }
}
