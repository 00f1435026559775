using System.Globalization;
using System.Text.Json.Serialization;

namespace PredictionSdk.Validation;

/// <summary>The bars after a batch check, with every problem found and what was done.</summary>
public sealed class CandleBatchResult
{
    internal CandleBatchResult(ValidationPolicy policy, CandleCheckOptions options, string? source, long totalRows, IReadOnlyList<Candle> candles, IReadOnlyList<Candle> checkedSeries, IReadOnlyList<CandleIssue> issues)
    {
        Policy = policy;
        Options = options;
        Source = source;
        TotalRows = totalRows;
        Candles = candles;
        CheckedSeries = checkedSeries;
        Issues = issues;
    }

    /// <summary>The policy applied.</summary>
    public ValidationPolicy Policy { get; }

    /// <summary>The rules' settings used.</summary>
    public CandleCheckOptions Options { get; }

    /// <summary>Name of the data checked, when given.</summary>
    public string? Source { get; }

    /// <summary>Bars read.</summary>
    public long TotalRows { get; }

    /// <summary>Under reject: the input unchanged. Under skip and repair: the clean series, in time order, one bar per open time.</summary>
    public IReadOnlyList<Candle> Candles { get; }

    /// <summary>The bars that passed or were repaired, in time order (equal to <see cref="Candles"/> except under reject).</summary>
    public IReadOnlyList<Candle> CheckedSeries { get; }

    /// <summary>Every problem, in input order.</summary>
    public IReadOnlyList<CandleIssue> Issues { get; }

    /// <summary>Bars in <see cref="Candles"/>.</summary>
    public long AcceptedRows => Candles.Count;

    /// <summary>Bars left out.</summary>
    public long SkippedRows => DistinctRows(CandleIssueAction.Skipped);

    /// <summary>Bars kept with a fix.</summary>
    public long RepairedRows => DistinctRows(CandleIssueAction.Repaired);

    /// <summary>Rule violations (outliers excluded).</summary>
    public int ErrorCount => Issues.Count(i => i.IsError);

    /// <summary>
    /// True when the result may be used: there is at least one bar, and under <see cref="ValidationPolicy.Reject"/>
    /// no rule was broken. Outliers never make data unacceptable.
    /// </summary>
    public bool IsAcceptable => AcceptedRows > 0 && (Policy != ValidationPolicy.Reject || ErrorCount == 0);

    /// <summary>Number of issues of one rule.</summary>
    public int Count(CandleRule rule) => Issues.Count(i => i.Rule == rule);

    /// <summary>A compact account of what was repaired, dropped and flagged, e.g. for a model bundle's manifest.</summary>
    /// <param name="maxExamples">Issues quoted in <see cref="CandleCheckSummary.Examples"/>.</param>
    public CandleCheckSummary Summarize(int maxExamples = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxExamples);
        var rules = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var issue in Issues)
        {
            string name = JsonName(issue.Rule);
            rules[name] = rules.TryGetValue(name, out long n) ? n + 1 : 1;
        }

        return new CandleCheckSummary
        {
            Policy = Policy,
            Source = Source,
            Rows = TotalRows,
            Used = AcceptedRows,
            Repaired = RepairedRows,
            Dropped = SkippedRows,
            Outliers = Count(CandleRule.Outlier),
            Rules = rules,
            Examples = Issues.Where(i => i.IsError).Take(maxExamples).Select(i => i.ToString()).ToArray(),
        };
    }

    private long DistinctRows(CandleIssueAction action) => Issues.Where(i => i.Action == action).Select(i => i.Row).Distinct().LongCount();

    private static string JsonName(CandleRule rule)
    {
        string name = rule.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}

/// <summary>
/// What a batch check repaired, dropped and flagged, in a form small enough to keep with a model: counts per rule
/// and the first problems as text. Written to a bundle's manifest as <c>dataQuality</c>.
/// </summary>
public sealed record CandleCheckSummary
{
    /// <summary>Policy applied.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<ValidationPolicy>))]
    public ValidationPolicy Policy { get; init; }

    /// <summary>Name of the data, when known.</summary>
    public string? Source { get; init; }

    /// <summary>Bars read.</summary>
    public long Rows { get; init; }

    /// <summary>Bars used after the check.</summary>
    public long Used { get; init; }

    /// <summary>Bars kept with a fix.</summary>
    public long Repaired { get; init; }

    /// <summary>Bars left out.</summary>
    public long Dropped { get; init; }

    /// <summary>Bars flagged as outliers (kept unchanged).</summary>
    public long Outliers { get; init; }

    /// <summary>Issues per rule, keyed by the rule's camel-case name (<c>duplicate</c>, <c>ohlcInconsistent</c>, …).</summary>
    public IReadOnlyDictionary<string, long> Rules { get; init; } = new Dictionary<string, long>();

    /// <summary>The first rule violations, one line each (row, time, rule, field, what was done).</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <inheritdoc />
    public override string ToString()
    {
        string rules = Rules.Count == 0 ? string.Empty : " (" + string.Join(", ", Rules.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value}"))) + ")";
        return string.Create(CultureInfo.InvariantCulture, $"{Rows} bars checked ({Policy.ToString().ToLowerInvariant()}): {Used} used, {Repaired} repaired, {Dropped} dropped, {Outliers} outliers flagged{rules}");
    }
}
