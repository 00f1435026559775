namespace PredictionSdk.Models.Drift;

/// <summary>Settings of <see cref="PsiDetector"/>.</summary>
public sealed class PsiDetectorOptions
{
    /// <summary>Observations that form the reference distribution when none is given (default 1,440: a day of minutes).</summary>
    public int ReferenceLength { get; set; } = 1_440;

    /// <summary>Length of the sliding window compared with the reference (default 1,440).</summary>
    public int WindowLength { get; set; } = 1_440;

    /// <summary>Bins, at the reference's quantiles (default 10).</summary>
    public int Bins { get; set; } = 10;

    /// <summary>PSI above which an alarm is raised (default 0.25, the usual "significant shift").</summary>
    public double Threshold { get; set; } = 0.25;

    /// <summary>After an alarm, PSI must fall to this level before another alarm can be raised (default 0.1, the usual "stable").</summary>
    public double RearmLevel { get; set; } = 0.1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ReferenceLength, 2, nameof(ReferenceLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowLength, 2, nameof(WindowLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(Bins, 2, nameof(Bins));
        if (!(Threshold > 0 && double.IsFinite(Threshold)))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The PSI threshold must be positive and finite.");
        }

        if (!(RearmLevel >= 0 && RearmLevel <= Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(RearmLevel), RearmLevel, "The re-arm level must be in [0, Threshold].");
        }
    }
}
