using System.Globalization;

namespace PredictionSdk.Validation;

/// <summary>What a batch check does with bars that break a rule.</summary>
public enum ValidationPolicy
{
    /// <summary>Change nothing; every problem is listed and the data is not acceptable if there is any.</summary>
    Reject,

    /// <summary>Leave out every bar that breaks a rule (the first of duplicates is kept); each is listed as skipped.</summary>
    Skip,

    /// <summary>Fix what can be fixed (volume, high/low, alignment, order) and leave out the rest; each bar is listed.</summary>
    Repair,
}

/// <summary>What happened to a bar in a batch check.</summary>
public enum CandleIssueAction
{
    /// <summary>Listed only (outliers; every issue under <see cref="ValidationPolicy.Reject"/>).</summary>
    Reported,

    /// <summary>Left out of the result.</summary>
    Skipped,

    /// <summary>Kept with the fix described in <see cref="CandleIssue.Detail"/>.</summary>
    Repaired,
}

/// <summary>
/// One problem found in one bar of a batch. Bars are numbered the same way everywhere: <see cref="Row"/> is the
/// 1-based position among the bars (header excluded), and <see cref="LineNumber"/> adds the file line when the
/// bars were read from a file.
/// </summary>
/// <param name="Rule">The rule broken.</param>
/// <param name="Row">1-based position of the bar in the input.</param>
/// <param name="LineNumber">1-based line (header and blank lines counted) or Parquet row in the file, when read from one.</param>
/// <param name="Timestamp">The bar's open time as read.</param>
/// <param name="Field">The field at fault, e.g. <c>high</c>.</param>
/// <param name="Value">The offending value as text.</param>
/// <param name="Detail">What was wrong and, for repairs, what was changed.</param>
/// <param name="Action">What was done with the bar.</param>
public sealed record CandleIssue(CandleRule Rule, long Row, long? LineNumber, DateTime Timestamp, string? Field, string? Value, string Detail, CandleIssueAction Action)
{
    /// <summary>True for rule violations; false for outliers, which are only reported.</summary>
    public bool IsError => Rule != CandleRule.Outlier;

    /// <summary><c>row 483 (line 484)</c> for a file, <c>row 483</c> otherwise.</summary>
    public string Location => Describe(Row, LineNumber);

    /// <summary>The location text of a bar: its row, and its line when that is a different number.</summary>
    public static string Describe(long row, long? lineNumber) =>
        lineNumber is { } line && line != row
            ? string.Create(CultureInfo.InvariantCulture, $"row {row} (line {line})")
            : string.Create(CultureInfo.InvariantCulture, $"row {row}");

    /// <inheritdoc />
    public override string ToString()
    {
        string field = Field is null ? string.Empty : $" {Field}={Value}";
        return string.Create(CultureInfo.InvariantCulture, $"{Location} {Timestamp:yyyy-MM-ddTHH:mm:ssZ} {Rule}{field}: {Detail} [{Action.ToString().ToLowerInvariant()}]");
    }
}
