using PredictionSdk.Validation;

namespace PredictionSdk.Data.Validation;

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

    /// <summary>Flag <see cref="CandleRule.Outlier"/> returns of the close (Hampel rule on a trailing window). Default true.</summary>
    public bool DetectOutliers { get; set; } = true;

    /// <summary>Outlier window: a return is compared with the previous 2 × this many returns of adjacent bars. Default 15.</summary>
    public int OutlierHalfWindow { get; set; } = 15;

    /// <summary>A return is an outlier when it is more than this many robust standard deviations (1.4826 × MAD) from the window median. Default 8.</summary>
    public double OutlierThreshold { get; set; } = 8;

    /// <summary>
    /// Largest move of high or low from the last accepted close (0.25 = 25 %) before a bar is a
    /// <see cref="CandleRule.PriceJump"/>; null turns the rule off. Default 0.25, as in live streams.
    /// </summary>
    public double? MaxPriceJump { get; set; } = 0.25;

    /// <summary>Bars in a row beyond <see cref="MaxPriceJump"/> after which the new level is accepted. Default 3.</summary>
    public int JumpConfirmations { get; set; } = 3;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Interval.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), "Interval must be set.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(OutlierHalfWindow, 2, nameof(OutlierHalfWindow));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(OutlierHalfWindow, 512, nameof(OutlierHalfWindow));
        if (!(OutlierThreshold > 0) || double.IsInfinity(OutlierThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(OutlierThreshold), OutlierThreshold, "Outlier threshold must be a positive number.");
        }

        if (IgnoreGapsLongerThan is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IgnoreGapsLongerThan), limit, "Must be positive.");
        }

        if (MaxPriceJump is { } jump && !(jump > 0 && double.IsFinite(jump)))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPriceJump), jump, "Must be a positive fraction, or null to turn the rule off.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(JumpConfirmations, 1, nameof(JumpConfirmations));
        ArgumentNullException.ThrowIfNull(Session, nameof(Session));
        if (Session.Close <= Session.Open)
        {
            throw new ArgumentOutOfRangeException(nameof(Session), Session, "Session must close after it opens.");
        }
    }

    /// <summary>The settings of the shared rule set (<see cref="CandleChecker"/>) these options stand for.</summary>
    public CandleCheckOptions ToCheckOptions() => new()
    {
        Interval = Interval,
        MaxPriceJump = MaxPriceJump,
        JumpConfirmations = JumpConfirmations,
        DetectOutliers = DetectOutliers,
        OutlierHalfWindow = OutlierHalfWindow,
        OutlierThreshold = OutlierThreshold,
    };

    internal bool UsesSessions => GapDetection == GapDetection.Sessions
        || (GapDetection == GapDetection.Auto && Symbol is { AssetClass: AssetClass.Stock });
}
