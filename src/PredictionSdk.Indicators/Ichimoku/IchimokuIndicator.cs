namespace PredictionSdk.Indicators;

/// <summary>
/// Streaming Ichimoku Cloud: O(1) amortised <see cref="Add"/> and O(1) <see cref="Preview"/>. Each result carries
/// tenkan, kijun and the leading spans plotted on that bar, exactly as the batch form; the chikou span is null because
/// a bar's lagging span is the close <c>kijunPeriods</c> bars later — the bar just added is the chikou of the bar
/// <see cref="Offset"/> bars back.
/// </summary>
public sealed class IchimokuIndicator : IStreamingIndicator<IchimokuResult>
{
    private readonly int _tenkanPeriods;
    private IchimokuState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period ≤ 0, or <paramref name="senkouBPeriods"/> ≤ <paramref name="kijunPeriods"/>.</exception>
    public IchimokuIndicator(int tenkanPeriods = 9, int kijunPeriods = 26, int senkouBPeriods = 52)
    {
        Ichimoku.Validate(tenkanPeriods, kijunPeriods, senkouBPeriods);
        _tenkanPeriods = tenkanPeriods;
        _state = new IchimokuState(tenkanPeriods, kijunPeriods, senkouBPeriods);
    }

    /// <summary>Displacement of the leading spans forward and of the lagging span backward (the kijun period).</summary>
    public int Offset => _state.Offset;

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <summary>True once the tenkan-sen has a value; the other lines follow their own warm-ups (see <see cref="Ichimoku.WarmupPeriods"/>).</summary>
    public bool IsReady => _state.Count >= _tenkanPeriods;

    /// <inheritdoc />
    public IchimokuResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        IchimokuValues v = _state.Next(candle.High, candle.Low);
        _clock.Commit(candle.Timestamp);
        return ToResult(candle.Timestamp, v);
    }

    /// <inheritdoc />
    public IchimokuResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        return ToResult(candle.Timestamp, _state.Peek(candle.High, candle.Low));
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }

    private static IchimokuResult ToResult(DateTime timestamp, in IchimokuValues v) =>
        new(timestamp, Values.Nullable(v.Tenkan), Values.Nullable(v.Kijun), Values.Nullable(v.SenkouA), Values.Nullable(v.SenkouB), null);
}
