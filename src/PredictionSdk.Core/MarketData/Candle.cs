namespace PredictionSdk;

/// <summary>
/// One OHLCV bar. <see cref="Timestamp"/> is the bar's open time in UTC.
/// </summary>
/// <remarks>
/// Prices and volume are <see cref="double"/>: indicators and models compute in floating point,
/// and a 48-byte struct keeps hot loops cache friendly.
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

    /// <summary>Typical price (H + L + C) / 3.</summary>
    public double TypicalPrice => (High + Low + Close) / 3.0;

    /// <summary>
    /// True when every price is finite and positive, the volume finite and not negative, and high and low bound the
    /// other prices: the single-bar rules of <see cref="Validation.CandleRules"/> (without alignment).
    /// </summary>
    public bool IsConsistent => Validation.CandleRules.IsValid(this);

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"{Timestamp:yyyy-MM-ddTHH:mm:ssZ} O={Open} H={High} L={Low} C={Close} V={Volume}");
}
