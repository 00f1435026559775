using System.Globalization;

namespace PredictionSdk.Validation;

/// <summary>
/// Batch validation: a loop of one <see cref="CandleChecker"/> over the bars, with a <see cref="ValidationPolicy"/>
/// deciding what happens to the bars it rejects or repairs. Every skipped, repaired or flagged bar is listed.
/// </summary>
public static class CandleBatchCheck
{
    /// <summary>Checks <paramref name="candles"/> (in input order) and applies <paramref name="policy"/>.</summary>
    /// <param name="candles">The bars as read.</param>
    /// <param name="options">The rules' settings; <see cref="CandleCheckOptions.Repair"/> and <see cref="CandleCheckOptions.RememberTimestamps"/> follow from the policy.</param>
    /// <param name="policy">What to do with bars that break a rule.</param>
    /// <param name="lineNumbers">The file line of each bar, when read from a file (same count as <paramref name="candles"/>).</param>
    /// <param name="source">Name of the data (file, feed, "training data"), carried into the result.</param>
    /// <exception cref="ArgumentException">An option is out of range or the line numbers do not match the bars.</exception>
    public static CandleBatchResult Run(IReadOnlyList<Candle> candles, CandleCheckOptions? options = null, ValidationPolicy policy = ValidationPolicy.Reject, IReadOnlyList<long>? lineNumbers = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(candles);
        if (lineNumbers is not null && lineNumbers.Count != candles.Count)
        {
            throw new ArgumentException($"{lineNumbers.Count} line numbers were given for {candles.Count} bars.", nameof(lineNumbers));
        }

        var settings = options?.Clone() ?? new CandleCheckOptions();
        settings.Repair = policy != ValidationPolicy.Skip; // under reject the repairs only describe what would change
        settings.RememberTimestamps = true;
        var checker = new CandleChecker(settings);
        var issues = new List<CandleIssue>();
        var usable = new List<Candle>(candles.Count);
        var firstRow = new Dictionary<long, int>(candles.Count);
        bool sort = false;

        for (int i = 0; i < candles.Count; i++)
        {
            var original = candles[i];
            var verdict = checker.Check(original);
            long row = i + 1;
            long? line = lineNumbers?[i];
            if (verdict.IsRejected)
            {
                string detail = verdict.Rule == CandleRule.Duplicate && firstRow.TryGetValue(verdict.Candle.Timestamp.Ticks, out int first)
                    ? DuplicateDetail(candles, lineNumbers, first, original)
                    : verdict.Reason;
                issues.Add(new CandleIssue(verdict.Rule, row, line, original.Timestamp, verdict.Field, ValueText(verdict, original), detail,
                    policy == ValidationPolicy.Reject ? CandleIssueAction.Reported : CandleIssueAction.Skipped));
                continue;
            }

            if (verdict.Action == CandleAction.Repair)
            {
                var action = policy == ValidationPolicy.Reject ? CandleIssueAction.Reported
                    : policy == ValidationPolicy.Skip ? CandleIssueAction.Skipped
                    : CandleIssueAction.Repaired;
                AddRepairs(issues, verdict, original, row, line, action);
                sort |= (verdict.Repairs & CandleRepairs.Order) != 0;
            }

            if ((verdict.Notes & CandleNotes.Outlier) != 0)
            {
                issues.Add(new CandleIssue(CandleRule.Outlier, row, line, original.Timestamp, "close", Text(original.Close), verdict.DescribeOutlier(), CandleIssueAction.Reported));
            }

            firstRow.TryAdd(verdict.Candle.Timestamp.Ticks, i);
            usable.Add(verdict.Candle);
        }

        if (sort)
        {
            usable.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        }

        IReadOnlyList<Candle> output = policy == ValidationPolicy.Reject ? candles : usable;
        return new CandleBatchResult(policy, settings, source, candles.Count, output, usable, issues);
    }

    private static void AddRepairs(List<CandleIssue> issues, CandleVerdict verdict, Candle original, long row, long? line, CandleIssueAction action)
    {
        var fixedBar = verdict.Candle;
        var repairs = verdict.Repairs;
        if ((repairs & CandleRepairs.Volume) != 0)
        {
            var rule = double.IsFinite(original.Volume) ? CandleRule.NegativeVolume : CandleRule.NonFiniteVolume;
            Add(rule, "volume", original.Volume, double.NaN, Text(original.Volume));
        }

        if ((repairs & CandleRepairs.High) != 0)
        {
            Add(CandleRule.OhlcInconsistent, "high", original.High, fixedBar.High, Text(original.High));
        }

        if ((repairs & CandleRepairs.Low) != 0)
        {
            Add(CandleRule.OhlcInconsistent, "low", original.Low, fixedBar.Low, Text(original.Low));
        }

        if ((repairs & CandleRepairs.Timestamp) != 0)
        {
            Add(CandleRule.Misaligned, "timestamp", double.NaN, double.NaN, CandleVerdict.Time(original.Timestamp));
        }

        if ((repairs & CandleRepairs.Order) != 0)
        {
            Add(CandleRule.OutOfOrder, "timestamp", double.NaN, double.NaN, CandleVerdict.Time(original.Timestamp));
        }

        void Add(CandleRule rule, string field, double value, double reference, string text)
        {
            var single = verdict with { Rule = rule, Field = field, Value = value, Reference = reference };
            issues.Add(new CandleIssue(rule, row, line, original.Timestamp, field, text, single.Reason, action));
        }
    }

    private static string DuplicateDetail(IReadOnlyList<Candle> candles, IReadOnlyList<long>? lines, int first, in Candle duplicate)
    {
        var kept = candles[first];
        string same = kept with { Timestamp = duplicate.Timestamp } == duplicate ? "identical to" : "differs from";
        return $"{same} {CandleIssue.Describe(first + 1, lines?[first])}, which has the same open time; the first is kept";
    }

    private static string ValueText(in CandleVerdict verdict, in Candle original) =>
        verdict.Field == "timestamp" ? CandleVerdict.Time(original.Timestamp) : Text(verdict.Value);

    internal static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
