using Microsoft.Extensions.Options;

namespace PredictionSdk.Validation;

/// <summary>Settings of a <see cref="CandleChecker"/>. The checker copies them when it is created.</summary>
public sealed class CandleCheckOptions
{
    /// <summary>Bar interval: sets alignment, adjacency (for returns) and gaps. Default 1m.</summary>
    public Interval Interval { get; set; } = Interval.OneMinute;

    /// <summary>
    /// Fix what can be fixed (volume, high/low, alignment, order) instead of rejecting. Default false: a live
    /// stream should drop a bad bar, not guess. Batch cleaning and training turn it on.
    /// </summary>
    public bool Repair { get; set; }

    /// <summary>
    /// Remember every accepted open time, so that a late bar repeating an early one is a
    /// <see cref="CandleRule.Duplicate"/> rather than <see cref="CandleRule.OutOfOrder"/>. Costs memory per bar; for
    /// batches. Default false (a live sequence arrives in order).
    /// </summary>
    public bool RememberTimestamps { get; set; }

    /// <summary>
    /// Largest move of high or low away from the last accepted close, as a fraction (0.25 = 25 %); null turns the
    /// <see cref="CandleRule.PriceJump"/> rule off. Default 0.25.
    /// </summary>
    public double? MaxPriceJump { get; set; } = 0.25;

    /// <summary>Bars in a row beyond <see cref="MaxPriceJump"/> after which the new level is accepted as real. Default 3.</summary>
    public int JumpConfirmations { get; set; } = 3;

    /// <summary>Flag <see cref="CandleRule.Outlier"/> returns. Default true.</summary>
    public bool DetectOutliers { get; set; } = true;

    /// <summary>The outlier rule compares a return with the previous 2 × this many returns of adjacent bars. Default 15.</summary>
    public int OutlierHalfWindow { get; set; } = 15;

    /// <summary>A return is an outlier when it is more than this many robust standard deviations (1.4826 × MAD) from the window's median. Default 8.</summary>
    public double OutlierThreshold { get; set; } = 8;

    /// <summary>Describes every setting out of range; empty when the options are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Interval.Duration <= TimeSpan.Zero)
        {
            problems.Add("Interval must be set.");
        }

        if (MaxPriceJump is { } jump && !(jump > 0 && double.IsFinite(jump)))
        {
            problems.Add($"MaxPriceJump must be a positive fraction or null (was {jump}).");
        }

        if (JumpConfirmations < 1)
        {
            problems.Add($"JumpConfirmations must be at least 1 (was {JumpConfirmations}).");
        }

        if (OutlierHalfWindow is < 2 or > 512)
        {
            problems.Add($"OutlierHalfWindow must be between 2 and 512 (was {OutlierHalfWindow}).");
        }

        if (!(OutlierThreshold > 0) || double.IsInfinity(OutlierThreshold))
        {
            problems.Add($"OutlierThreshold must be a positive number (was {OutlierThreshold}).");
        }

        return problems;
    }

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">Names every setting out of range.</exception>
    public void ThrowIfInvalid()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }
    }

    /// <summary>A copy with the same settings.</summary>
    public CandleCheckOptions Clone() => (CandleCheckOptions)MemberwiseClone();
}

/// <summary>Validates <see cref="CandleCheckOptions"/> at host start (<c>ValidateOnStart</c>).</summary>
public sealed class CandleCheckOptionsValidator : IValidateOptions<CandleCheckOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CandleCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
