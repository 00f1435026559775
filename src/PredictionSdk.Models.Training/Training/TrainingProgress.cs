namespace PredictionSdk.Models.Training;

/// <summary>A progress report from <see cref="ModelTrainer.TrainAsync"/>, sent after every batch and at the end of every epoch.</summary>
/// <param name="Epoch">Current epoch, from 1.</param>
/// <param name="Epochs">Epochs requested.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="TrainLoss">Mean training loss over this epoch's batches so far.</param>
/// <param name="ValidationLoss">Validation loss of this epoch; null until the epoch ends.</param>
/// <param name="BestValidationLoss">Best validation loss so far; null before the first epoch ends.</param>
/// <param name="SamplesPerSecond">Training throughput so far.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="EstimatedRemaining">Estimated time to finish every requested epoch (early stopping may end sooner).</param>
public readonly record struct TrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double TrainLoss,
    double? ValidationLoss,
    double? BestValidationLoss,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan EstimatedRemaining)
{
    /// <summary>Whether this report closes an epoch.</summary>
    public bool IsEpochEnd => ValidationLoss is not null;

    /// <summary>Share of the requested work done, 0 to 1.</summary>
    public double Fraction => Epochs * Batches == 0 ? 0 : (((Epoch - 1) * (double)Batches) + Batch) / (Epochs * (double)Batches);
}

/// <summary>The outcome of one epoch.</summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="ValidationLoss">Loss on the validation samples.</param>
/// <param name="Elapsed">Wall time of the epoch.</param>
public readonly record struct EpochResult(int Epoch, double TrainLoss, double ValidationLoss, TimeSpan Elapsed);

/// <summary>The losses of a training run.</summary>
/// <param name="Epochs">One entry per completed epoch.</param>
/// <param name="BestEpoch">Epoch whose weights the model keeps (lowest validation loss).</param>
/// <param name="StoppedEarly">Whether early stopping ended the run before the requested epochs.</param>
/// <param name="SamplesPerSecond">Training throughput over the run.</param>
public sealed record TrainingHistory(IReadOnlyList<EpochResult> Epochs, int BestEpoch, bool StoppedEarly, double SamplesPerSecond)
{
    /// <summary>The validation loss of the kept weights: the lowest of any epoch, or of the starting weights when a fine-tune kept its parent's (<see cref="BestEpoch"/> 0).</summary>
    public double BestValidationLoss => BestEpoch == 0 && InitialValidationLoss is { } initial ? initial : Epochs.Count == 0 ? double.NaN : Epochs.Min(e => e.ValidationLoss);

    /// <summary>
    /// Validation loss of the weights training started from, before the first step: random initial weights, or the
    /// parent's when fine-tuning (then it is the parent's loss on this data). Null in histories recorded without it.
    /// </summary>
    public double? InitialValidationLoss { get; init; }
}
