using System.Globalization;

namespace PredictionSdk.Data.Validation;

/// <summary>Candles after validation, with the report of what was found and done.</summary>
/// <param name="Candles">Under reject: the input unchanged. Under skip/repair: the cleaned series, ascending and without duplicates.</param>
/// <param name="Report">Counts, every affected row, gaps and outliers.</param>
public sealed record ValidationResult(IReadOnlyList<Candle> Candles, DataQualityReport Report);

/// <summary>
/// Checks candles for OHLC consistency, negative volume, NaN/∞, duplicate, out-of-order and misaligned timestamps,
/// gaps (as missing-bar ranges; session-aware for stocks) and return outliers (Hampel filter), and applies a
/// <see cref="ValidationPolicy"/>. Every skipped or repaired row is listed in the <see cref="DataQualityReport"/>.
/// </summary>
public sealed class CandleValidator
{
    private readonly CandleValidationOptions _options;

    /// <summary>Creates a validator; the options are checked now.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CandleValidator(CandleValidationOptions? options = null)
    {
        _options = options ?? new CandleValidationOptions();
        _options.Validate();
    }

    /// <summary>Validates a candle file (CSV, CSV.gz or Parquet); issues carry the file's line numbers.</summary>
    /// <exception cref="CandleFormatException">A row cannot be parsed at all.</exception>
    public async Task<ValidationResult> ValidateFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var rows = new List<CandleRow>();
        await foreach (var row in CandleFile.ReadRowsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return Validate(rows, _options.SourceName ?? path);
    }

    /// <summary>Validates candles in memory; issues carry 0-based positions.</summary>
    public ValidationResult Validate(IEnumerable<Candle> candles)
    {
        ArgumentNullException.ThrowIfNull(candles);
        return Validate(candles.Select(c => new CandleRow(c, 0)).ToList(), _options.SourceName, withLines: false);
    }

    /// <summary>Validates rows read with <see cref="CandleFile.ReadRowsAsync(string, CancellationToken)"/>.</summary>
    public ValidationResult Validate(IReadOnlyList<CandleRow> rows, string? sourceName = null) =>
        Validate(rows, sourceName ?? _options.SourceName, withLines: true);

    private ValidationResult Validate(IReadOnlyList<CandleRow> rows, string? sourceName, bool withLines)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var options = _options;
        var policy = options.Policy;
        var issues = new List<DataIssue>();
        var kept = new List<(Candle Candle, int Index)>(rows.Count);
        var seen = new Dictionary<long, int>(rows.Count);
        long latest = long.MinValue;
        bool needsSort = false;

        for (int index = 0; index < rows.Count; index++)
        {
            var candle = rows[index].Candle;
            long? line = withLines ? rows[index].LineNumber : null;
            int before = issues.Count;
            bool unrepairable = CheckValues(ref candle, index, line, issues);
            if (!options.Interval.IsAligned(candle.Timestamp))
            {
                DateTime floored = options.Interval.Floor(candle.Timestamp);
                issues.Add(new DataIssue(DataIssueKind.Misaligned, index, line, candle.Timestamp, "timestamp", Text(candle.Timestamp), $"not on a {options.Interval} boundary; repair moves it to {Text(floored)}", DataIssueAction.Reported));
                candle = candle with { Timestamp = floored };
            }

            long ticks = candle.Timestamp.Ticks;
            if (seen.TryGetValue(ticks, out int firstIndex))
            {
                var original = rows[index].Candle;
                string same = rows[firstIndex].Candle with { Timestamp = original.Timestamp } == original ? "identical to" : "differs from";
                string at = withLines ? $"line {rows[firstIndex].LineNumber}" : $"row {firstIndex}";
                issues.Add(new DataIssue(DataIssueKind.Duplicate, index, line, rows[index].Candle.Timestamp, "timestamp", Text(candle.Timestamp), $"{same} {at}; the first is kept", DataIssueAction.Reported));
                unrepairable = true;
            }
            else if (ticks < latest)
            {
                issues.Add(new DataIssue(DataIssueKind.OutOfOrder, index, line, rows[index].Candle.Timestamp, "timestamp", Text(candle.Timestamp), $"earlier than a previous row ({Text(new DateTime(latest, DateTimeKind.Utc))}); repair sorts it into place", DataIssueAction.Reported));
                if (policy == ValidationPolicy.Repair && !unrepairable)
                {
                    needsSort = true;
                }
            }

            bool hasIssue = issues.Count > before;
            var action = !hasIssue || policy == ValidationPolicy.Reject ? DataIssueAction.Reported
                : policy == ValidationPolicy.Skip || unrepairable ? DataIssueAction.Skipped
                : DataIssueAction.Repaired;
            for (int i = before; i < issues.Count; i++)
            {
                issues[i] = issues[i] with { Action = action };
            }

            // Order is judged against every row read, skipped or not: the file order is what is checked.
            latest = Math.Max(latest, ticks);
            if (action == DataIssueAction.Skipped)
            {
                continue;
            }

            seen.TryAdd(ticks, index);
            kept.Add((action == DataIssueAction.Repaired ? candle : rows[index].Candle, index));
        }

        if (needsSort)
        {
            kept.Sort((a, b) => a.Candle.Timestamp.CompareTo(b.Candle.Timestamp));
        }

        // Gaps and outliers are measured on the series in time order, one row per timestamp.
        var series = policy == ValidationPolicy.Reject
            ? kept.GroupBy(k => options.Interval.Floor(k.Candle.Timestamp)).Select(g => g.First()).OrderBy(k => k.Candle.Timestamp).ToList()
            : kept;
        var gaps = GapFinder.Find(series.Select(k => k.Candle.Timestamp), options, out int ignoredGaps, out int closedSessions);
        if (options.DetectOutliers)
        {
            HampelFilter.Find(series, rows, withLines, options, issues);
        }

        IReadOnlyList<Candle> output = policy == ValidationPolicy.Reject ? rows.Select(r => r.Candle).ToList() : kept.Select(k => k.Candle).ToList();
        var reportOptions = new CandleValidationOptions
        {
            Policy = policy,
            Interval = options.Interval,
            Symbol = options.Symbol,
            SourceName = sourceName,
            GapDetection = options.GapDetection,
            Session = options.Session,
        };
        var report = new DataQualityReport(
            reportOptions,
            rows.Count,
            output.Count,
            series.Count > 0 ? series[0].Candle.Timestamp : null,
            series.Count > 0 ? series[^1].Candle.Timestamp : null,
            issues,
            gaps,
            ignoredGaps,
            closedSessions);
        return new ValidationResult(output, report);
    }

    // Returns true when the row cannot be repaired (a price is not finite).
    private static bool CheckValues(ref Candle candle, int index, long? line, List<DataIssue> issues)
    {
        var c = candle;
        foreach (var (name, value) in new[] { ("open", c.Open), ("high", c.High), ("low", c.Low), ("close", c.Close) })
        {
            if (!double.IsFinite(value))
            {
                issues.Add(new DataIssue(DataIssueKind.NonFinite, index, line, c.Timestamp, name, Text(value), "price is not a finite number; cannot be repaired", DataIssueAction.Reported));
                return true;
            }
        }

        if (!double.IsFinite(c.Volume))
        {
            issues.Add(new DataIssue(DataIssueKind.NonFinite, index, line, c.Timestamp, "volume", Text(c.Volume), "volume is not a finite number; repair sets it to 0", DataIssueAction.Reported));
            candle = candle with { Volume = 0 };
        }
        else if (c.Volume < 0)
        {
            issues.Add(new DataIssue(DataIssueKind.NegativeVolume, index, line, c.Timestamp, "volume", Text(c.Volume), "negative volume; repair sets it to 0", DataIssueAction.Reported));
            candle = candle with { Volume = 0 };
        }

        double high = Math.Max(Math.Max(c.Open, c.Close), Math.Max(c.High, c.Low));
        double low = Math.Min(Math.Min(c.Open, c.Close), Math.Min(c.High, c.Low));
        if (c.High != high)
        {
            issues.Add(new DataIssue(DataIssueKind.OhlcInconsistent, index, line, c.Timestamp, "high", Text(c.High), $"high is below another price; repair sets it to {Text(high)}", DataIssueAction.Reported));
        }

        if (c.Low != low)
        {
            issues.Add(new DataIssue(DataIssueKind.OhlcInconsistent, index, line, c.Timestamp, "low", Text(c.Low), $"low is above another price; repair sets it to {Text(low)}", DataIssueAction.Reported));
        }

        candle = candle with { High = high, Low = low };
        return false;
    }

    internal static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string Text(DateTime value) => value.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
