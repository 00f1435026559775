namespace PredictionSdk.Indicators;

/// <summary>
/// Streaming Donchian Channels: O(1) amortised <see cref="Add"/> (monotonic deques) and O(1) <see cref="Preview"/>.
/// A bar's channel comes from the bars before it, so the preview of the open bar is already final.
/// </summary>
public sealed class DonchianIndicator : IStreamingIndicator<DonchianResult>
{
    private readonly int _period;
    private DonchianState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public DonchianIndicator(int period = 20)
    {
        IndicatorGuard.Period(period);
        _period = period;
        _state = new DonchianState(period);
    }

    /// <summary>Window length.</summary>
    public int Period => _period;

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <summary>True once a channel has been returned: after <c>period + 1</c> bars.</summary>
    public bool IsReady => _state.Count > _period;

    /// <inheritdoc />
    public DonchianResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        (double upper, double lower) = _state.Next(candle.High, candle.Low);
        _clock.Commit(candle.Timestamp);
        return DonchianResult.From(candle.Timestamp, upper, lower);
    }

    /// <inheritdoc />
    public DonchianResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        (double upper, double lower) = _state.Current;
        return DonchianResult.From(candle.Timestamp, upper, lower);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }
}
