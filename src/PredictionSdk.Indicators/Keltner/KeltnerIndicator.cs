namespace PredictionSdk.Indicators;

/// <summary>Streaming Keltner Channels: O(1) <see cref="Add"/> and <see cref="Preview"/>, no allocation.</summary>
public sealed class KeltnerIndicator : IStreamingIndicator<KeltnerResult>
{
    private readonly int _atrPeriods;
    private readonly int _lookback;
    private KeltnerState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <param name="emaPeriods">EMA period of the centerline.</param>
    /// <param name="multiplier">ATR multiple of the band offsets.</param>
    /// <param name="atrPeriods">ATR period.</param>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 1 or <paramref name="multiplier"/> ≤ 0.</exception>
    public KeltnerIndicator(int emaPeriods = 20, double multiplier = 2, int atrPeriods = 10)
    {
        Keltner.Validate(emaPeriods, multiplier, atrPeriods);
        _atrPeriods = atrPeriods;
        _lookback = Math.Max(emaPeriods, atrPeriods);
        _state = new KeltnerState(emaPeriods, multiplier, atrPeriods);
    }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <summary>True once the bands have values (the centerline may show one bar earlier when the ATR period is the longer).</summary>
    public bool IsReady => _state.Count >= Math.Max(_lookback, _atrPeriods + 1);

    /// <inheritdoc />
    public KeltnerResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        KeltnerValues v = _state.Next(candle.High, candle.Low, candle.Close);
        _clock.Commit(candle.Timestamp);
        return KeltnerResult.From(candle.Timestamp, v);
    }

    /// <inheritdoc />
    public KeltnerResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return KeltnerResult.From(candle.Timestamp, _state.Peek(candle.High, candle.Low, candle.Close));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }
}
