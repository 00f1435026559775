namespace PredictionSdk.Indicators;

/// <summary>Streaming Average Directional Index: O(1) <see cref="Add"/> and <see cref="Preview"/>.</summary>
public sealed class AdxIndicator : IStreamingIndicator<AdxResult>
{
    private AdxState _state;
    private BarClock _clock;
    private bool _ready;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 1.</exception>
    public AdxIndicator(int period = 14)
    {
        Adx.ValidatePeriod(period);
        Period = period;
        _state = new AdxState(period);
    }

    /// <summary>Smoothing period.</summary>
    public int Period { get; }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <summary>True once ADX has a value (after <see cref="Adx.WarmupPeriods"/> bars).</summary>
    public bool IsReady => _ready;

    /// <inheritdoc />
    public AdxResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        AdxValues v = _state.Next(candle.High, candle.Low, candle.Close);
        _clock.Commit(candle.Timestamp);
        _ready |= !double.IsNaN(v.Adx);
        return ToResult(candle.Timestamp, v);
    }

    /// <inheritdoc />
    public AdxResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return ToResult(candle.Timestamp, _state.Peek(candle.High, candle.Low, candle.Close));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
        _ready = false;
    }

    private static AdxResult ToResult(DateTime timestamp, in AdxValues v) =>
        new(timestamp, Values.Nullable(v.Pdi), Values.Nullable(v.Mdi), Values.Nullable(v.Adx), Values.Nullable(v.Adxr));
}
