using System.Globalization;
using PredictionSdk.Validation;

namespace PredictionSdk.Data.Validation;

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
    internal DataQualityReport(CandleValidationOptions options, CandleBatchResult result, IReadOnlyList<MissingRange> gaps, int ignoredGaps, int closedSessions)
    {
        Source = result.Source;
        Symbol = options.Symbol;
        Policy = result.Policy;
        Interval = options.Interval;
        GapDetection = options.UsesSessions ? GapDetection.Sessions : GapDetection.Continuous;
        Session = options.UsesSessions ? options.Session : null;
        TotalRows = result.TotalRows;
        AcceptedRows = result.AcceptedRows;
        var series = result.CheckedSeries;
        First = series.Count > 0 ? series[0].Timestamp : null;
        Last = series.Count > 0 ? series[^1].Timestamp : null;
        Issues = result.Issues;
        Gaps = gaps;
        IgnoredGaps = ignoredGaps;
        ClosedSessions = closedSessions;
        SkippedRows = result.SkippedRows;
        RepairedRows = result.RepairedRows;
        ErrorCount = result.ErrorCount;
        IsAcceptable = result.IsAcceptable;
        Summary = result.Summarize();
    }

    /// <summary>File or feed validated (<see cref="CandleValidator.InMemorySource"/> for unnamed candles in memory).</summary>
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

    /// <summary>Every problem, in input order. Rows are numbered from 1 (header excluded), with the file line when read from a file.</summary>
    public IReadOnlyList<CandleIssue> Issues { get; }

    /// <summary>Missing-bar ranges, ascending.</summary>
    public IReadOnlyList<MissingRange> Gaps { get; }

    /// <summary>Total bars missing inside <see cref="Gaps"/>.</summary>
    public long MissingBars => Gaps.Sum(g => g.MissingBars);

    /// <summary>Gaps left out because they were longer than <see cref="CandleValidationOptions.IgnoreGapsLongerThan"/>.</summary>
    public int IgnoredGaps { get; }

    /// <summary>Whole sessions missing in session mode, taken as market holidays.</summary>
    public int ClosedSessions { get; }

    /// <summary>Rows left out.</summary>
    public long SkippedRows { get; }

    /// <summary>Rows kept with a fix.</summary>
    public long RepairedRows { get; }

    /// <summary>Rule violations (outliers excluded).</summary>
    public int ErrorCount { get; }

    /// <summary>Outliers found.</summary>
    public int OutlierCount => Count(CandleRule.Outlier);

    /// <summary>
    /// True when the result may be used: it holds at least one row (an empty or header-only input never is), and
    /// under <see cref="ValidationPolicy.Reject"/> no rule was broken. Gaps and outliers never make data unacceptable.
    /// </summary>
    public bool IsAcceptable { get; }

    /// <summary>The compact form of this report (counts per rule, first problems), as stored with a trained model.</summary>
    public CandleCheckSummary Summary { get; }

    /// <summary>Number of issues of one rule.</summary>
    public int Count(CandleRule rule) => Issues.Count(i => i.Rule == rule);

    /// <summary>Throws for the first rule violation when <see cref="IsAcceptable"/> is false.</summary>
    /// <exception cref="CandleValidationException">Names the source, line (row for data in memory), field and value of the first violation, or says there are no rows.</exception>
    public void ThrowIfRejected()
    {
        if (IsAcceptable)
        {
            return;
        }

        if (AcceptedRows == 0 && ErrorCount == 0)
        {
            throw new CandleValidationException(NoRows, Source, null);
        }

        var first = Issues.First(i => i.IsError);
        throw new CandleValidationException(
            string.Create(CultureInfo.InvariantCulture, $"{first.Rule} in {first.Location} at {first.Timestamp:yyyy-MM-ddTHH:mm:ssZ}: {first.Detail} ({ErrorCount} problem(s) in total)"),
            Source,
            first.LineNumber ?? first.Row,
            first.Field,
            first.Value);
    }

    /// <summary>Writes a human-readable report, listing up to <paramref name="maxListed"/> items per section.</summary>
    public void WriteTo(TextWriter writer, int maxListed = 20)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"Data quality: {Source ?? CandleValidator.InMemorySource}{(Symbol is { } s ? $" [{s}]" : string.Empty)}"));
        writer.WriteLine(string.Create(c, $"  policy {Policy.ToString().ToLowerInvariant()}, interval {Interval}, gaps {(Session is null ? "continuous" : "in sessions " + Session)}"));
        writer.WriteLine(string.Create(c, $"  rows read         {TotalRows}"));
        writer.WriteLine(string.Create(c, $"  rows accepted     {AcceptedRows}"));
        if (First is { } first && Last is { } last)
        {
            writer.WriteLine(string.Create(c, $"  range             {first:yyyy-MM-ddTHH:mm:ssZ} – {last:yyyy-MM-ddTHH:mm:ssZ}"));
        }

        foreach (CandleRule rule in Enum.GetValues<CandleRule>())
        {
            if (rule != CandleRule.None)
            {
                writer.WriteLine(string.Create(c, $"  {Label(rule),-17} {Count(rule)}"));
            }
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
        writer.WriteLine(IsAcceptable ? "Result: accepted"
            : AcceptedRows == 0 && ErrorCount == 0 ? $"Result: rejected ({NoRows})"
            : AcceptedRows == 0 ? string.Create(c, $"Result: rejected (no row is left: {ErrorCount} problem(s))")
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

    private const string NoRows = "0 rows: the input is empty or holds only a header";

    private static string Label(CandleRule rule) => rule switch
    {
        CandleRule.NonFinitePrice => "NaN/∞ price",
        CandleRule.NonPositivePrice => "price ≤ 0",
        CandleRule.NonFiniteVolume => "NaN/∞ volume",
        CandleRule.NegativeVolume => "negative volume",
        CandleRule.OhlcInconsistent => "OHLC inconsistent",
        CandleRule.Misaligned => "misaligned",
        CandleRule.Duplicate => "duplicates",
        CandleRule.OutOfOrder => "out of order",
        CandleRule.PriceJump => "price jumps",
        CandleRule.Outlier => "outliers",
        _ => rule.ToString(),
    };
}
