namespace PredictionSdk.Indicators;

/// <summary>Streaming volume-weighted average price: O(1) <see cref="Add"/> and <see cref="Preview"/>, no allocation.</summary>
public sealed class VwapIndicator : IStreamingIndicator<VwapResult>
{
    private VwapState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <param name="anchor">Where the sums restart: the first bar (default) or every UTC day.</param>
    /// <param name="startDate">With <see cref="VwapAnchor.FirstBar"/>: bars before this time get null.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown <paramref name="anchor"/>.</exception>
    public VwapIndicator(VwapAnchor anchor = VwapAnchor.FirstBar, DateTime? startDate = null)
    {
        Vwap.ValidateAnchor(anchor);
        Anchor = anchor;
        _state = new VwapState(anchor, startDate);
    }

    /// <summary>Where the sums restart.</summary>
    public VwapAnchor Anchor { get; }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <inheritdoc />
    public bool IsReady => _state.IsReady;

    /// <inheritdoc />
    public VwapResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        double value = _state.Next(candle.Timestamp, candle.High, candle.Low, candle.Close, candle.Volume);
        _clock.Commit(candle.Timestamp);
        return new VwapResult(candle.Timestamp, Values.Nullable(value));
    }

    /// <inheritdoc />
    public VwapResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return new VwapResult(candle.Timestamp, Values.Nullable(_state.Peek(candle.Timestamp, candle.High, candle.Low, candle.Close, candle.Volume)));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }
}
