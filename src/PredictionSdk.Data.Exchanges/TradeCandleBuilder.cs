namespace PredictionSdk.Data.Exchanges;

/// <summary>A bar produced by <see cref="TradeCandleBuilder"/>.</summary>
/// <param name="Candle">The bar as known now.</param>
/// <param name="IsFinal">True once the bar is closed.</param>
/// <param name="Incomplete">True when trades of the bar may have been missed (start-up, reconnect, lost message).</param>
internal readonly record struct BuiltBar(Candle Candle, bool IsFinal, bool Incomplete);

/// <summary>How <see cref="TradeCandleBuilder.Add(DateTime, double, double, bool?, List{BuiltBar})"/> took a trade.</summary>
internal enum TradeOutcome
{
    /// <summary>Counted in its bar.</summary>
    Accepted,

    /// <summary>Its bar had already closed: dropped.</summary>
    Late,

    /// <summary>Price not finite and positive, or size negative / not finite: dropped, bar marked incomplete.</summary>
    Invalid,
}

/// <summary>
/// Aggregates trades of one instrument into bars aligned to UTC. A bar stays open for <c>lateness</c> after its end, so
/// trades that arrive slightly out of order still land in the right bar: open is the price of the earliest trade by
/// trade time, close that of the latest. A bar closes when the watermark (the latest trade or server time seen) passes
/// its end plus the lateness. Open-bar updates are reported only for the newest bar and only when no older bar is
/// still waiting to close, so a consumer never sees bar N+1 before the close of bar N.
/// </summary>
internal sealed class TradeCandleBuilder
{
    private readonly Interval _interval;
    private readonly TimeSpan _lateness;
    private readonly SortedList<DateTime, Accumulator> _open = [];
    private DateTime _watermark = DateTime.MinValue;
    private bool _nextIncomplete = true;

    /// <summary>Creates a builder; the first bar is marked incomplete (the builder starts mid-bar).</summary>
    public TradeCandleBuilder(Interval interval, TimeSpan lateness)
    {
        if (lateness < TimeSpan.Zero || lateness >= interval.Duration)
        {
            throw new ArgumentOutOfRangeException(nameof(lateness), lateness, $"Lateness must be in [0, {interval.Duration}).");
        }

        _interval = interval;
        _lateness = lateness;
    }

    /// <summary>Open time of the latest closed bar, if any.</summary>
    public DateTime? LastClosed { get; private set; }

    /// <summary>Adds a trade and appends the bars it closes and the open-bar update it causes to <paramref name="output"/>.</summary>
    /// <remarks>The aggressor side is unknown: the bar's taker-buy volumes are not reported (NaN).</remarks>
    public TradeOutcome Add(DateTime time, double price, double size, List<BuiltBar> output) => Add(time, price, size, takerBuy: null, output);

    /// <summary>
    /// Adds a trade whose aggressor side may be known and appends the bars it closes and the open-bar update it causes.
    /// Bars carry quote volume (Σ price × size) and trade count; taker-buy volumes are summed from trades with
    /// <paramref name="takerBuy"/> true, and are not reported (NaN) for a bar holding any trade of unknown side.
    /// </summary>
    /// <param name="time">Trade time.</param>
    /// <param name="price">Trade price.</param>
    /// <param name="size">Trade size in base units.</param>
    /// <param name="takerBuy">True when the taker bought, false when it sold, null when the feed does not say.</param>
    /// <param name="output">Receives the bars closed and the open-bar update.</param>
    public TradeOutcome Add(DateTime time, double price, double size, bool? takerBuy, List<BuiltBar> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        DateTime start = FeedJson.Floor(time, _interval);
        if (LastClosed is { } closed && start <= closed)
        {
            return TradeOutcome.Late;
        }

        var bar = GetOrOpen(start);
        if (!double.IsFinite(price) || price <= 0 || !double.IsFinite(size) || size < 0)
        {
            bar.Incomplete = true;
            return TradeOutcome.Invalid;
        }

        bar.Add(time, price, size, takerBuy);
        Advance(time, output);
        if (_open.Count == 1 && _open.Keys[0] == start)
        {
            output.Add(new BuiltBar(bar.ToCandle(start), false, bar.Incomplete));
        }

        return TradeOutcome.Accepted;
    }

    /// <summary>Moves the watermark (e.g. to a heartbeat's server time) and closes the bars now due.</summary>
    public void Advance(DateTime watermark, List<BuiltBar> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (watermark > _watermark)
        {
            _watermark = watermark;
        }

        while (_open.Count > 0 && _open.Keys[0] + _interval.Duration + _lateness <= _watermark)
        {
            DateTime start = _open.Keys[0];
            var bar = _open.Values[0];
            _open.RemoveAt(0);
            LastClosed = start;
            if (bar.HasTrades)
            {
                output.Add(new BuiltBar(bar.ToCandle(start), true, bar.Incomplete));
            }
        }
    }

    /// <summary>Trades may have been missed (disconnect, lost message): open bars and the next new bar are marked incomplete.</summary>
    public void MarkIncomplete()
    {
        foreach (var bar in _open.Values)
        {
            bar.Incomplete = true;
        }

        _nextIncomplete = true;
    }

    private Accumulator GetOrOpen(DateTime start)
    {
        if (!_open.TryGetValue(start, out var bar))
        {
            bar = new Accumulator { Incomplete = _nextIncomplete };
            _nextIncomplete = false;
            _open.Add(start, bar);
        }

        return bar;
    }

    private sealed class Accumulator
    {
        private DateTime _first = DateTime.MaxValue;
        private DateTime _last = DateTime.MinValue;
        private double _open;
        private double _high = double.MinValue;
        private double _low = double.MaxValue;
        private double _close;
        private double _volume;
        private double _quoteVolume;
        private double _trades;
        private double _takerBuy;
        private double _takerBuyQuote;
        private bool _sideUnknown;

        public bool Incomplete { get; set; }

        public bool HasTrades => _first != DateTime.MaxValue;

        public void Add(DateTime time, double price, double size, bool? takerBuy)
        {
            _quoteVolume += price * size;
            _trades++;
            if (takerBuy is null)
            {
                _sideUnknown = true;
            }
            else if (takerBuy.Value)
            {
                _takerBuy += size;
                _takerBuyQuote += price * size;
            }

            if (time < _first)
            {
                _first = time;
                _open = price;
            }

            if (time >= _last)
            {
                _last = time;
                _close = price;
            }

            _high = Math.Max(_high, price);
            _low = Math.Min(_low, price);
            _volume += size;
        }

        public Candle ToCandle(DateTime start) => new(start, _open, _high, _low, _close, _volume, _quoteVolume, _trades,
            _sideUnknown ? double.NaN : _takerBuy, _sideUnknown ? double.NaN : _takerBuyQuote);
    }
}
