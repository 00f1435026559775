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

    /// <summary>True when every price and the volume are finite, high is the highest and low the lowest price, and volume is not negative.</summary>
    public bool IsConsistent =>
        double.IsFinite(Open) && double.IsFinite(High) && double.IsFinite(Low) && double.IsFinite(Close) && double.IsFinite(Volume)
        && High >= Low && High >= Open && High >= Close && Low <= Open && Low <= Close && Volume >= 0;

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"{Timestamp:yyyy-MM-ddTHH:mm:ssZ} O={Open} H={High} L={Low} C={Close} V={Volume}");
}
