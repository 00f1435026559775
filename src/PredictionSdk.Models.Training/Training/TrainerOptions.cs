using PredictionSdk.Models.Features;
using PredictionSdk.Validation;

namespace PredictionSdk.Models.Training;

/// <summary>What to train on and how to split it. Validated when the trainer is created.</summary>
public sealed partial class TrainerOptions
{
    /// <summary>The symbol the candles belong to, e.g. <c>BTC-USD</c>. Required.</summary>
    public Symbol Symbol { get; set; }

    /// <summary>Bar interval of the candles. Default 1m.</summary>
    public Interval Interval { get; set; } = Interval.OneMinute;

    /// <summary>Forecast horizons in bars. Default 1, 5 and 15.</summary>
    public IReadOnlyList<int> Horizons { get; set; } = [1, 5, 15];

    /// <summary>Feature settings; null uses <see cref="FeatureSpec.Default"/> for the symbol's asset class. Its horizons and interval are replaced by <see cref="Horizons"/> and <see cref="Interval"/>.</summary>
    public FeatureSpec? Features { get; set; }

    /// <summary>
    /// Length of the training window, from the first candle. Samples after it (behind a purge gap) are held out for
    /// evaluation. Null: the first <c>1 − </c><see cref="HoldoutFraction"/> of the samples.
    /// </summary>
    public TimeSpan? TrainPeriod { get; set; }

    /// <summary>Share of the samples held out at the end when <see cref="TrainPeriod"/> is null. Default 0.3.</summary>
    public double HoldoutFraction { get; set; } = 0.3;

    /// <summary>Share of the training window, at its end and behind a purge gap, used for validation loss and early stopping. Default 0.2.</summary>
    public double ValidationSplit { get; set; } = 0.2;

    /// <summary>
    /// What training does with candles that break the SDK's validation rules (<see cref="CandleChecker"/>) before any
    /// feature is computed. Default <see cref="ValidationPolicy.Repair"/>: fix what can be fixed, drop the rest
    /// (duplicates keep their first bar); <see cref="ValidationPolicy.Reject"/> refuses data with any problem; null
    /// trains on the candles as given. What was repaired or dropped is in <see cref="TrainingData.DataQuality"/> and
    /// the bundle's manifest.
    /// </summary>
    public ValidationPolicy? DataValidation { get; set; } = ValidationPolicy.Repair;

    /// <summary>Settings of the validation rules (jump limit, outlier window); their interval is replaced by <see cref="Interval"/>.</summary>
    public CandleCheckOptions DataChecks { get; set; } = new();

    /// <summary>Threads libtorch may use; 0 for <see cref="Training.TorchThreads.DefaultThreads"/> (half the cores). Default 0.</summary>
    public int TorchThreads { get; set; }

    /// <summary>Checks the options and throws <see cref="ArgumentException"/> naming the first wrong one.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Symbol.Base))
        {
            throw new ArgumentException("Symbol is required, e.g. \"BTC-USD\".", nameof(Symbol));
        }

        if (Interval.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("Interval is not set.", nameof(Interval));
        }

        if (Horizons is null || Horizons.Count == 0 || Horizons.Any(h => h < 1) || Horizons.Distinct().Count() != Horizons.Count)
        {
            throw new ArgumentException("Horizons must be a non-empty list of distinct positive bar counts.", nameof(Horizons));
        }

        if (TrainPeriod is { } period && period <= TimeSpan.Zero)
        {
            throw new ArgumentException($"TrainPeriod must be positive; was {period}.", nameof(TrainPeriod));
        }

        if (!(HoldoutFraction > 0 && HoldoutFraction < 1))
        {
            throw new ArgumentException($"HoldoutFraction must lie strictly between 0 and 1; was {HoldoutFraction}.", nameof(HoldoutFraction));
        }

        if (!(ValidationSplit > 0 && ValidationSplit < 1))
        {
            throw new ArgumentException($"ValidationSplit must lie strictly between 0 and 1; was {ValidationSplit}.", nameof(ValidationSplit));
        }

        if (DataChecks is null || DataChecks.Problems() is { Count: > 0 })
        {
            throw new ArgumentException($"DataChecks is invalid: {(DataChecks is null ? "null" : string.Join(" ", DataChecks.Problems()))}", nameof(DataChecks));
        }
    }

    internal FeatureSpec BuildSpec() =>
        (Features ?? FeatureSpec.Default(Symbol.AssetClass)) with { Horizons = [.. Horizons], BaseInterval = Interval.Name };
}
