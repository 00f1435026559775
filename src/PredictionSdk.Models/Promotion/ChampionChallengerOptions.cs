namespace PredictionSdk.Models.Promotion;

/// <summary>The promotion and rollback rules of <see cref="ChampionChallenger"/>.</summary>
public sealed class ChampionChallengerOptions
{
    /// <summary>Paired live minutes needed before a promotion is considered (default 1,440: a day of minutes).</summary>
    public int MinSamples { get; set; } = 1_440;

    /// <summary>One-sided significance level of the Diebold–Mariano test (default 0.05).</summary>
    public double Alpha { get; set; } = 0.05;

    /// <summary>Smallest mean loss reduction (nats) that is worth a swap, besides being significant (default 0).</summary>
    public double MinImprovement { get; set; }

    /// <summary>Autocovariance lags of the Newey–West variance; null chooses them from the data (<see cref="Evaluation.DieboldMariano.AutomaticLag"/>).</summary>
    public int? Lag { get; set; }

    /// <summary>Live minutes after a promotion over which the rollback rule compares losses (default 720: twelve hours).</summary>
    public int RollbackWindow { get; set; } = 720;

    /// <summary>
    /// How much worse (mean loss, nats) the promoted model may be than its predecessor over <see cref="RollbackWindow"/>
    /// before it is rolled back (default 0.005).
    /// </summary>
    public double RollbackMargin { get; set; } = 0.005;

    /// <summary>The first problem with these settings, or null when they are usable.</summary>
    public string? Validate() =>
        MinSamples < 2 ? $"MinSamples must be at least 2 (got {MinSamples})."
        : !(Alpha > 0 && Alpha < 1) ? $"Alpha must be in (0, 1) (got {Alpha})."
        : !(MinImprovement >= 0 && double.IsFinite(MinImprovement)) ? $"MinImprovement must be finite and not negative (got {MinImprovement})."
        : Lag is < 0 ? $"Lag must not be negative (got {Lag})."
        : RollbackWindow < 1 ? $"RollbackWindow must be at least 1 (got {RollbackWindow})."
        : !(RollbackMargin >= 0 && double.IsFinite(RollbackMargin)) ? $"RollbackMargin must be finite and not negative (got {RollbackMargin})."
        : null;
}
