using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Evaluation;

/// <summary>Trains a fresh forecaster on one fold's (scaled) training samples.</summary>
public delegate ValueTask<IForecaster> ForecasterFactory(SupervisedDataset train, CancellationToken cancellationToken);

/// <summary>A model to evaluate: a report name and how to train it on a fold.</summary>
/// <param name="Name">Name shown in the report.</param>
/// <param name="Train">Trains a fresh forecaster on a fold's training samples; disposable forecasters are disposed after the fold.</param>
public sealed record ForecasterCandidate(string Name, ForecasterFactory Train)
{
    /// <summary>A candidate whose training is synchronous.</summary>
    public static ForecasterCandidate Create(string name, Func<SupervisedDataset, IForecaster> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        return new ForecasterCandidate(name, (data, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            return ValueTask.FromResult(train(data));
        });
    }
}

/// <summary>Rolling-origin walk-forward settings.</summary>
public sealed record WalkForwardOptions
{
    /// <summary>Number of consecutive test folds.</summary>
    public int Folds { get; init; } = 4;

    /// <summary>Share of samples before the first test fold (the first training window).</summary>
    public double InitialTrainFraction { get; init; } = 0.5;

    /// <summary>Most recent training samples per fold; null trains on everything before the purge gap (expanding window).</summary>
    public int? MaxTrainSamples { get; init; }

    /// <summary>Fit a <see cref="RobustScaler"/> on each fold's training window and scale every row with it.</summary>
    public bool ScaleFeatures { get; init; } = true;

    /// <summary>Cost of the sign strategy per unit of position change, in basis points (1 = 0.01 %).</summary>
    public double FeeBps { get; init; } = 1.0;

    /// <summary>Moves with |return| at or below this are flat: excluded from direction metrics.</summary>
    public double FlatThreshold { get; init; }

    /// <summary>Bars per year for annualising; null derives it from the asset class (crypto 365 × 24 h, stocks 252 × 6.5 h).</summary>
    public double? BarsPerYear { get; init; }

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (Folds < 1)
        {
            throw new ArgumentException($"Folds must be at least 1; was {Folds}.", nameof(Folds));
        }

        if (!(InitialTrainFraction > 0 && InitialTrainFraction < 1))
        {
            throw new ArgumentException($"InitialTrainFraction must lie strictly between 0 and 1; was {InitialTrainFraction}.", nameof(InitialTrainFraction));
        }

        if (MaxTrainSamples is < 10)
        {
            throw new ArgumentException($"MaxTrainSamples must be at least 10; was {MaxTrainSamples}.", nameof(MaxTrainSamples));
        }

        if (FeeBps < 0 || FlatThreshold < 0)
        {
            throw new ArgumentException("FeeBps and FlatThreshold cannot be negative.");
        }
    }

    internal double ResolveBarsPerYear(FeatureSpec spec)
    {
        if (BarsPerYear is { } value)
        {
            return value;
        }

        double minutes = spec.Interval.Duration.TotalMinutes;
        return spec.AssetClass == AssetClass.Stock ? 252 * 390 / minutes : 365 * 1440 / minutes;
    }
}

/// <summary>One fold: sample ranges (indices into the evaluated dataset) and their time spans.</summary>
/// <param name="Index">0-based fold number.</param>
/// <param name="TrainStart">First training sample.</param>
/// <param name="TrainCount">Training samples.</param>
/// <param name="TestStart">First test sample (after the purge gap).</param>
/// <param name="TestCount">Test samples.</param>
/// <param name="TrainFrom">Time of the first training sample.</param>
/// <param name="TrainTo">Time of the last training sample.</param>
/// <param name="TestFrom">Time of the first test sample.</param>
/// <param name="TestTo">Time of the last test sample.</param>
public sealed record WalkForwardFold(int Index, int TrainStart, int TrainCount, int TestStart, int TestCount, DateTime TrainFrom, DateTime TrainTo, DateTime TestFrom, DateTime TestTo);
