namespace PredictionSdk.Data.Validation;

/// <summary>What <see cref="CandleValidator"/> does with a row that breaks a rule.</summary>
public enum ValidationPolicy
{
    /// <summary>Change nothing; the report lists every problem and <see cref="DataQualityReport.IsAcceptable"/> is false if there is any.</summary>
    Reject,

    /// <summary>Leave bad rows out (the first of duplicates is kept); each is listed as skipped.</summary>
    Skip,

    /// <summary>Fix what can be fixed (OHLC bounds, negative or non-finite volume, order, alignment) and skip the rest; each row is listed.</summary>
    Repair,
}

/// <summary>Which missing bars count as gaps.</summary>
public enum GapDetection
{
    /// <summary><see cref="Sessions"/> for stocks (from <see cref="CandleValidationOptions.Symbol"/>), <see cref="Continuous"/> otherwise.</summary>
    Auto,

    /// <summary>Every missing bar is a gap (crypto trades around the clock).</summary>
    Continuous,

    /// <summary>Only bars inside <see cref="CandleValidationOptions.Session"/> count; a session missing entirely is taken as a market holiday and not reported as a gap.</summary>
    Sessions,
}

/// <summary>A weekly trading session (Monday to Friday) in an exchange time zone.</summary>
/// <param name="TimeZone">The exchange's time zone.</param>
/// <param name="Open">Local time of the first bar.</param>
/// <param name="Close">Local time at which the session ends (exclusive).</param>
public sealed record TradingSession(TimeZoneInfo TimeZone, TimeOnly Open, TimeOnly Close)
{
    /// <summary>US equities regular session: 09:30–16:00 America/New_York.</summary>
    public static TradingSession UsEquities { get; } = new(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), new TimeOnly(9, 30), new TimeOnly(16, 0));

    /// <summary>True when a bar opening at <paramref name="utc"/> falls inside the session.</summary>
    public bool Contains(DateTime utc)
    {
        DateTime local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZone);
        if (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(local);
        return time >= Open && time < Close;
    }

    /// <summary>The local calendar date of <paramref name="utc"/> in the session's time zone.</summary>
    public DateOnly LocalDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZone));

    /// <summary>Number of <paramref name="interval"/> bars in one full session.</summary>
    public int BarsPerSession(Interval interval) => (int)((Close - Open).Ticks / interval.Duration.Ticks);

    /// <inheritdoc />
    public override string ToString() => $"{TimeZone.Id} {Open:HH\\:mm}–{Close:HH\\:mm} Mon–Fri";
}

/// <summary>Settings of <see cref="CandleValidator"/>.</summary>
public sealed class CandleValidationOptions
{
    /// <summary>What to do with bad rows. Default <see cref="ValidationPolicy.Reject"/>.</summary>
    public ValidationPolicy Policy { get; set; } = ValidationPolicy.Reject;

    /// <summary>Bar interval of the data; sets alignment and gap size. Default 1m.</summary>
    public Interval Interval { get; set; } = Interval.OneMinute;

    /// <summary>The instrument, used by <see cref="GapDetection.Auto"/> to tell stocks from crypto, and in the report.</summary>
    public Symbol? Symbol { get; set; }

    /// <summary>Name of the data source (file) for the report and errors.</summary>
    public string? SourceName { get; set; }

    /// <summary>How gaps are found. Default <see cref="GapDetection.Auto"/>.</summary>
    public GapDetection GapDetection { get; set; } = GapDetection.Auto;

    /// <summary>Session used by <see cref="GapDetection.Sessions"/>. Default <see cref="TradingSession.UsEquities"/>.</summary>
    public TradingSession Session { get; set; } = TradingSession.UsEquities;

    /// <summary>When set, gaps longer than this are counted in <see cref="DataQualityReport.IgnoredGaps"/> instead of listed (e.g. planned outages).</summary>
    public TimeSpan? IgnoreGapsLongerThan { get; set; }

    /// <summary>Run the Hampel filter on log returns of the close. Default true.</summary>
    public bool DetectOutliers { get; set; } = true;

    /// <summary>Hampel half-window: the median and MAD use this many returns on each side. Default 15.</summary>
    public int OutlierHalfWindow { get; set; } = 15;

    /// <summary>A return is an outlier when it is more than this many robust standard deviations (1.4826 × MAD) from the window median. Default 8.</summary>
    public double OutlierThreshold { get; set; } = 8;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Interval.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), "Interval must be set.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(OutlierHalfWindow, 2, nameof(OutlierHalfWindow));
        if (!(OutlierThreshold > 0) || double.IsInfinity(OutlierThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(OutlierThreshold), OutlierThreshold, "Outlier threshold must be a positive number.");
        }

        if (IgnoreGapsLongerThan is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IgnoreGapsLongerThan), limit, "Must be positive.");
        }

        ArgumentNullException.ThrowIfNull(Session, nameof(Session));
        if (Session.Close <= Session.Open)
        {
            throw new ArgumentOutOfRangeException(nameof(Session), Session, "Session must close after it opens.");
        }
    }

    internal bool UsesSessions => GapDetection == GapDetection.Sessions
        || (GapDetection == GapDetection.Auto && Symbol is { AssetClass: AssetClass.Stock });
}
