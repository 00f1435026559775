namespace PredictionSdk;

/// <summary>
/// One OHLCV bar. <see cref="Timestamp"/> is the bar's open time in UTC.
/// </summary>
/// <remarks>
/// <para>
/// Prices and volume are <see cref="double"/>: indicators and models compute in floating point.
/// </para>
/// <para>
/// The order-flow fields (<see cref="QuoteVolume"/>, <see cref="TradeCount"/>, <see cref="TakerBuyVolume"/>,
/// <see cref="TakerBuyQuoteVolume"/>) are optional: a source that does not report one leaves it
/// <see cref="double.NaN"/>, never 0, so "no trades" and "not reported" stay apart. NaN rather than
/// <see cref="Nullable{T}"/> keeps the struct at 80 bytes with no flag words and lets feature code test absence
/// with <see cref="double.IsNaN(double)"/> in hot loops. Record equality treats two NaN fields as equal.
/// <c>default(Candle)</c> is all zeros (order flow "present and 0"); build candles with a constructor.
/// </para>
/// </remarks>
public readonly record struct Candle
{
    /// <summary>Creates a candle. A timestamp of unspecified kind is taken as UTC; a local one is converted.</summary>
    public Candle(DateTime timestamp, double open, double high, double low, double close, double volume)
    {
        Timestamp = timestamp.Kind switch
        {
            DateTimeKind.Utc => timestamp,
            DateTimeKind.Local => timestamp.ToUniversalTime(),
            _ => DateTime.SpecifyKind(timestamp, DateTimeKind.Utc),
        };
        Open = open;
        High = high;
        Low = low;
        Close = close;
        Volume = volume;
    }

    /// <summary>Creates a candle with order-flow fields; pass <see cref="double.NaN"/> for any the source does not report.</summary>
    /// <param name="timestamp">Open time (unspecified kind is taken as UTC; local is converted).</param>
    /// <param name="open">First traded price.</param>
    /// <param name="high">Highest traded price.</param>
    /// <param name="low">Lowest traded price.</param>
    /// <param name="close">Last traded price.</param>
    /// <param name="volume">Traded volume in base units.</param>
    /// <param name="quoteVolume">Traded value in quote units (sum of price × size).</param>
    /// <param name="tradeCount">Number of trades.</param>
    /// <param name="takerBuyVolume">Base volume of trades whose aggressor (taker) bought.</param>
    /// <param name="takerBuyQuoteVolume">Quote volume of trades whose aggressor bought.</param>
    public Candle(DateTime timestamp, double open, double high, double low, double close, double volume,
        double quoteVolume, double tradeCount, double takerBuyVolume, double takerBuyQuoteVolume)
        : this(timestamp, open, high, low, close, volume)
    {
        QuoteVolume = quoteVolume;
        TradeCount = tradeCount;
        TakerBuyVolume = takerBuyVolume;
        TakerBuyQuoteVolume = takerBuyQuoteVolume;
    }

    /// <summary>Open time of the bar, UTC.</summary>
    public DateTime Timestamp { get; init; }

    /// <summary>First traded price of the bar.</summary>
    public double Open { get; init; }

    /// <summary>Highest traded price of the bar.</summary>
    public double High { get; init; }

    /// <summary>Lowest traded price of the bar.</summary>
    public double Low { get; init; }

    /// <summary>Last traded price of the bar.</summary>
    public double Close { get; init; }

    /// <summary>Traded volume in base units (coins, shares).</summary>
    public double Volume { get; init; }

    /// <summary>Traded value in quote units (e.g. USDT), the sum of price × size; <see cref="double.NaN"/> when not reported.</summary>
    public double QuoteVolume { get; init; } = double.NaN;

    /// <summary>Number of trades in the bar (a whole number); <see cref="double.NaN"/> when not reported.</summary>
    public double TradeCount { get; init; } = double.NaN;

    /// <summary>Base volume of trades whose aggressor (taker) was the buyer; <see cref="double.NaN"/> when not reported.</summary>
    public double TakerBuyVolume { get; init; } = double.NaN;

    /// <summary>Quote volume of trades whose aggressor was the buyer; <see cref="double.NaN"/> when not reported.</summary>
    public double TakerBuyQuoteVolume { get; init; } = double.NaN;

    /// <summary>True when every order-flow field is reported (none is <see cref="double.NaN"/>).</summary>
    public bool HasOrderFlow =>
        !double.IsNaN(QuoteVolume) && !double.IsNaN(TradeCount) && !double.IsNaN(TakerBuyVolume) && !double.IsNaN(TakerBuyQuoteVolume);

    /// <summary>Returns a copy with the order-flow fields replaced (NaN for any not reported).</summary>
    public Candle WithOrderFlow(double quoteVolume, double tradeCount, double takerBuyVolume, double takerBuyQuoteVolume) =>
        this with { QuoteVolume = quoteVolume, TradeCount = tradeCount, TakerBuyVolume = takerBuyVolume, TakerBuyQuoteVolume = takerBuyQuoteVolume };

    /// <summary>Typical price (H + L + C) / 3.</summary>
    public double TypicalPrice => (High + Low + Close) / 3.0;

    /// <summary>
    /// True when every price is finite and positive, the volume finite and not negative, and high and low bound the
    /// other prices: the single-bar rules of <see cref="Validation.CandleRules"/> (without alignment).
    /// </summary>
    public bool IsConsistent => Validation.CandleRules.IsValid(this);

    /// <inheritdoc />
    public override string ToString()
    {
        string bar = FormattableString.Invariant($"{Timestamp:yyyy-MM-ddTHH:mm:ssZ} O={Open} H={High} L={Low} C={Close} V={Volume}");
        return double.IsNaN(QuoteVolume) && double.IsNaN(TradeCount) && double.IsNaN(TakerBuyVolume) && double.IsNaN(TakerBuyQuoteVolume)
            ? bar
            : bar + FormattableString.Invariant($" QV={QuoteVolume} N={TradeCount} TBV={TakerBuyVolume} TBQV={TakerBuyQuoteVolume}");
    }
}
