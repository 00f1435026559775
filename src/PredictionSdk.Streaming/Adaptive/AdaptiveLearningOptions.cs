using PredictionSdk.Models.Drift;
using PredictionSdk.Models.Promotion;

namespace PredictionSdk.Streaming;

/// <summary>Settings of the live adaptation loop (<see cref="AdaptiveLearning"/>): drift, champion/challenger and retraining.</summary>
public sealed class AdaptiveLearningOptions
{
    /// <summary>Configuration section bound by <c>AddAdaptiveLearning</c>.</summary>
    public const string SectionName = "PredictionSdk:Adaptive";

    /// <summary>Drift detectors run on every served outcome, per symbol and horizon.</summary>
    public DriftMonitorOptions Drift { get; set; } = new();

    /// <summary>The promotion and rollback rules (Diebold–Mariano test, minimum sample, rollback window and margin).</summary>
    public ChampionChallengerOptions Promotion { get; set; } = new();

    /// <summary>
    /// The horizon whose paired losses decide promotion and rollback (default 1). A bundle serves every horizon, so a
    /// swap replaces them all; one horizon decides, the others are scored and reported.
    /// </summary>
    public int DecisionHorizon { get; set; } = 1;

    /// <summary>Scored minutes of the decision horizon between two evaluations of the rules (default 60).</summary>
    public int EvaluateEvery { get; set; } = 60;

    /// <summary>
    /// Minutes after a promotion during which the predecessor keeps running in shadow and the rollback rule is applied
    /// (default 2,880: two days); afterwards the predecessor is unloaded.
    /// </summary>
    public int RollbackWatch { get; set; } = 2_880;

    /// <summary>Closed bars each symbol keeps to warm a challenger that joins mid-stream (default 2,000).</summary>
    public int HistoryBars { get; set; } = 2_000;

    /// <summary>The retraining service's schedule, triggers and budget.</summary>
    public RetrainOptions Retrain { get; set; } = new();

    /// <summary>Every problem with the settings, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Drift.Validate() is { } drift)
        {
            failures.Add($"{SectionName}:Drift: {drift}");
        }

        if (Promotion.Validate() is { } promotion)
        {
            failures.Add($"{SectionName}:Promotion: {promotion}");
        }

        if (DecisionHorizon < 1)
        {
            failures.Add($"{SectionName}:DecisionHorizon must be 1 or more (was {DecisionHorizon}).");
        }

        if (EvaluateEvery < 1)
        {
            failures.Add($"{SectionName}:EvaluateEvery must be 1 or more (was {EvaluateEvery}).");
        }

        if (RollbackWatch < Promotion.RollbackWindow)
        {
            failures.Add($"{SectionName}:RollbackWatch ({RollbackWatch}) must be at least Promotion:RollbackWindow ({Promotion.RollbackWindow}), or no rollback could ever be decided.");
        }

        if (HistoryBars < 1)
        {
            failures.Add($"{SectionName}:HistoryBars must be 1 or more (was {HistoryBars}).");
        }

        failures.AddRange(Retrain.Validate($"{SectionName}:Retrain"));
        return failures;
    }
}

/// <summary>When and how the retraining service trains a challenger. Times are market time: the bars' clock, not the wall's.</summary>
public sealed class RetrainOptions
{
    /// <summary>Train a challenger for each symbol every this much market time; null (default) for no schedule.</summary>
    public TimeSpan? Every { get; set; }

    /// <summary>Train a challenger when a drift detector raises an alarm on a served loss (default true).</summary>
    public bool OnDrift { get; set; } = true;

    /// <summary>Least market time between two retrains of one symbol, whatever triggers them (default 1 hour).</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Bars before the trigger that the challenger is trained on, read from the candle store (default 7 days).</summary>
    public TimeSpan TrainingWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Fewest stored bars a retrain needs; fewer fails the retrain and leaves the champion serving (default 2,000).</summary>
    public int MinBars { get; set; } = 2_000;

    /// <summary>CPU threads a retrain may use (default 1), so live inference keeps its latency.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Longest a retrain may run before it is cancelled (default 30 minutes of wall time).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Folder the trained bundles are written to (default: a folder under the system's temporary path).</summary>
    public string? OutputFolder { get; set; }

    internal IEnumerable<string> Validate(string prefix)
    {
        if (Every is { } every && every <= TimeSpan.Zero)
        {
            yield return $"{prefix}:Every must be positive when set (was {every}).";
        }

        if (MinInterval < TimeSpan.Zero)
        {
            yield return $"{prefix}:MinInterval must not be negative (was {MinInterval}).";
        }

        if (TrainingWindow <= TimeSpan.Zero)
        {
            yield return $"{prefix}:TrainingWindow must be positive (was {TrainingWindow}).";
        }

        if (MinBars < 1)
        {
            yield return $"{prefix}:MinBars must be 1 or more (was {MinBars}).";
        }

        if (Threads < 1 || Threads > Environment.ProcessorCount)
        {
            yield return $"{prefix}:Threads must be between 1 and the {Environment.ProcessorCount} processors (was {Threads}).";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return $"{prefix}:Timeout must be positive (was {Timeout}).";
        }
    }
}
