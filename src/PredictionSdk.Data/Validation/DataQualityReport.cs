using System.Globalization;

namespace PredictionSdk.Data.Validation;

/// <summary>The rule a row broke.</summary>
public enum DataIssueKind
{
    /// <summary>High below open/close/low, or low above open/close/high.</summary>
    OhlcInconsistent,

    /// <summary>Volume below zero.</summary>
    NegativeVolume,

    /// <summary>A price or the volume is NaN or infinite.</summary>
    NonFinite,

    /// <summary>Same timestamp as an earlier row.</summary>
    Duplicate,

    /// <summary>Timestamp earlier than a previous row's.</summary>
    OutOfOrder,

    /// <summary>Timestamp not on a boundary of the interval.</summary>
    Misaligned,

    /// <summary>Return of the close far outside its neighbourhood (Hampel filter). Reported, never changed.</summary>
    Outlier,
}

/// <summary>What happened to the row.</summary>
public enum DataIssueAction
{
    /// <summary>Listed only (outliers; every issue under <see cref="ValidationPolicy.Reject"/>).</summary>
    Reported,

    /// <summary>Left out of the result.</summary>
    Skipped,

    /// <summary>Kept with the fix described in <see cref="DataIssue.Detail"/>.</summary>
    Repaired,
}

/// <summary>One problem found in one row.</summary>
/// <param name="Kind">The rule broken.</param>
/// <param name="Index">0-based position of the row in the input.</param>
/// <param name="LineNumber">1-based line (or Parquet row) in the file, when read from one.</param>
/// <param name="Timestamp">The row's timestamp as read.</param>
/// <param name="Field">The field at fault, e.g. <c>high</c>.</param>
/// <param name="Value">The offending value as text.</param>
/// <param name="Detail">What was wrong and, for repairs, what was changed.</param>
/// <param name="Action">What was done with the row.</param>
public sealed record DataIssue(DataIssueKind Kind, long Index, long? LineNumber, DateTime Timestamp, string? Field, string? Value, string Detail, DataIssueAction Action)
{
    /// <summary>True for rule violations; false for outliers, which are only reported.</summary>
    public bool IsError => Kind != DataIssueKind.Outlier;

    /// <inheritdoc />
    public override string ToString()
    {
        string where = LineNumber is { } line ? $"line {line}" : $"row {Index}";
        string field = Field is null ? string.Empty : $" {Field}={Value}";
        return string.Create(CultureInfo.InvariantCulture, $"{where} {Timestamp:yyyy-MM-ddTHH:mm:ssZ} {Kind}{field}: {Detail} [{Action.ToString().ToLowerInvariant()}]");
    }
}

/// <summary>Consecutive missing bars.</summary>
/// <param name="First">Open time of the first missing bar.</param>
/// <param name="Last">Open time of the last missing bar.</param>
/// <param name="MissingBars">Number of missing bars.</param>
public readonly record struct MissingRange(DateTime First, DateTime Last, long MissingBars)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{First:yyyy-MM-ddTHH:mm:ssZ} – {Last:yyyy-MM-ddTHH:mm:ssZ} ({MissingBars} missing)");
}

/// <summary>
/// What <see cref="CandleValidator"/> found: counts by rule, every affected row with its line and action, gaps as
/// missing-bar ranges, and outliers. Nothing is dropped without being listed here.
/// </summary>
public sealed class DataQualityReport
{
    internal DataQualityReport(CandleValidationOptions options, long totalRows, long acceptedRows, DateTime? first, DateTime? last, IReadOnlyList<DataIssue> issues, IReadOnlyList<MissingRange> gaps, int ignoredGaps, int closedSessions)
    {
        Source = options.SourceName;
        Symbol = options.Symbol;
        Policy = options.Policy;
        Interval = options.Interval;
        GapDetection = options.UsesSessions ? GapDetection.Sessions : GapDetection.Continuous;
        Session = options.UsesSessions ? options.Session : null;
        TotalRows = totalRows;
        AcceptedRows = acceptedRows;
        First = first;
        Last = last;
        Issues = issues;
        Gaps = gaps;
        IgnoredGaps = ignoredGaps;
        ClosedSessions = closedSessions;
    }

    /// <summary>File or feed validated.</summary>
    public string? Source { get; }

    /// <summary>Instrument, when given.</summary>
    public Symbol? Symbol { get; }

    /// <summary>Policy applied.</summary>
    public ValidationPolicy Policy { get; }

    /// <summary>Bar interval assumed.</summary>
    public Interval Interval { get; }

    /// <summary>Gap mode used (never <see cref="GapDetection.Auto"/>).</summary>
    public GapDetection GapDetection { get; }

    /// <summary>Session used for gaps, in session mode.</summary>
    public TradingSession? Session { get; }

    /// <summary>Rows read.</summary>
    public long TotalRows { get; }

    /// <summary>Rows in the result.</summary>
    public long AcceptedRows { get; }

    /// <summary>Earliest timestamp in the result.</summary>
    public DateTime? First { get; }

    /// <summary>Latest timestamp in the result.</summary>
    public DateTime? Last { get; }

    /// <summary>Every problem, in input order (outliers last).</summary>
    public IReadOnlyList<DataIssue> Issues { get; }

    /// <summary>Missing-bar ranges, ascending.</summary>
    public IReadOnlyList<MissingRange> Gaps { get; }

    /// <summary>Total bars missing inside <see cref="Gaps"/>.</summary>
    public long MissingBars => Gaps.Sum(g => g.MissingBars);

    /// <summary>Gaps left out because they were longer than <see cref="CandleValidationOptions.IgnoreGapsLongerThan"/>.</summary>
    public int IgnoredGaps { get; }

    /// <summary>Whole sessions missing in session mode, taken as market holidays.</summary>
    public int ClosedSessions { get; }

    /// <summary>Rows left out.</summary>
    public long SkippedRows => Issues.Where(i => i.Action == DataIssueAction.Skipped).Select(i => i.Index).Distinct().LongCount();

    /// <summary>Rows kept with a fix.</summary>
    public long RepairedRows => Issues.Where(i => i.Action == DataIssueAction.Repaired).Select(i => i.Index).Distinct().LongCount();

    /// <summary>Rule violations (outliers excluded).</summary>
    public int ErrorCount => Issues.Count(i => i.IsError);

    /// <summary>Outliers found.</summary>
    public int OutlierCount => Count(DataIssueKind.Outlier);

    /// <summary>
    /// True when the result may be used: under <see cref="ValidationPolicy.Reject"/> only if no rule was broken;
    /// under skip and repair always (every change is listed). Gaps and outliers never make data unacceptable.
    /// </summary>
    public bool IsAcceptable => Policy != ValidationPolicy.Reject || ErrorCount == 0;

    /// <summary>Number of issues of one kind.</summary>
    public int Count(DataIssueKind kind) => Issues.Count(i => i.Kind == kind);

    /// <summary>Throws for the first rule violation when <see cref="IsAcceptable"/> is false.</summary>
    /// <exception cref="CandleValidationException">Names the source, line, field and value of the first violation.</exception>
    public void ThrowIfRejected()
    {
        if (IsAcceptable)
        {
            return;
        }

        var first = Issues.First(i => i.IsError);
        throw new CandleValidationException(
            string.Create(CultureInfo.InvariantCulture, $"{first.Kind} at {first.Timestamp:yyyy-MM-ddTHH:mm:ssZ}: {first.Detail} ({ErrorCount} problem(s) in total)"),
            Source,
            first.LineNumber ?? first.Index + 1,
            first.Field,
            first.Value);
    }

    /// <summary>Writes a human-readable report, listing up to <paramref name="maxListed"/> items per section.</summary>
    public void WriteTo(TextWriter writer, int maxListed = 20)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"Data quality: {Source ?? "(candles)"}{(Symbol is { } s ? $" [{s}]" : string.Empty)}"));
        writer.WriteLine(string.Create(c, $"  policy {Policy.ToString().ToLowerInvariant()}, interval {Interval}, gaps {(Session is null ? "continuous" : "in sessions " + Session)}"));
        writer.WriteLine(string.Create(c, $"  rows read         {TotalRows}"));
        writer.WriteLine(string.Create(c, $"  rows accepted     {AcceptedRows}"));
        if (First is { } first && Last is { } last)
        {
            writer.WriteLine(string.Create(c, $"  range             {first:yyyy-MM-ddTHH:mm:ssZ} – {last:yyyy-MM-ddTHH:mm:ssZ}"));
        }

        foreach (DataIssueKind kind in Enum.GetValues<DataIssueKind>())
        {
            writer.WriteLine(string.Create(c, $"  {Label(kind),-17} {Count(kind)}"));
        }

        string extra = (IgnoredGaps > 0 ? $", {IgnoredGaps} long gap(s) ignored" : string.Empty) + (ClosedSessions > 0 ? $", {ClosedSessions} closed session(s) ignored" : string.Empty);
        writer.WriteLine(string.Create(c, $"  gaps              {Gaps.Count} ({MissingBars} missing bars{extra})"));
        writer.WriteLine(string.Create(c, $"  skipped rows      {SkippedRows}"));
        writer.WriteLine(string.Create(c, $"  repaired rows     {RepairedRows}"));
        WriteList(writer, "Gaps", Gaps.Select(g => g.ToString()), Gaps.Count, maxListed);
        var outliers = Issues.Where(i => !i.IsError).ToList();
        WriteList(writer, "Outliers", outliers.Select(i => i.ToString()), outliers.Count, maxListed);
        var errors = Issues.Where(i => i.IsError).ToList();
        WriteList(writer, "Problems", errors.Select(i => i.ToString()), errors.Count, maxListed);
        writer.WriteLine(IsAcceptable
            ? "Result: accepted"
            : string.Create(c, $"Result: rejected ({ErrorCount} problem(s); use --policy skip or repair to clean)"));
    }

    /// <inheritdoc />
    public override string ToString()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    private static void WriteList(TextWriter writer, string title, IEnumerable<string> items, int count, int maxListed)
    {
        if (count == 0)
        {
            return;
        }

        writer.WriteLine($"{title}:");
        foreach (string item in items.Take(maxListed))
        {
            writer.WriteLine("  " + item);
        }

        if (count > maxListed)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {count - maxListed} more"));
        }
    }

    private static string Label(DataIssueKind kind) => kind switch
    {
        DataIssueKind.OhlcInconsistent => "OHLC inconsistent",
        DataIssueKind.NegativeVolume => "negative volume",
        DataIssueKind.NonFinite => "NaN/infinite",
        DataIssueKind.Duplicate => "duplicates",
        DataIssueKind.OutOfOrder => "out of order",
        DataIssueKind.Misaligned => "misaligned",
        DataIssueKind.Outlier => "outliers",
        _ => kind.ToString(),
    };
}
