namespace PredictionSdk.Models.Training;

/// <summary>
/// How <see cref="ModelTrainer.FineTuneAsync"/> continues training a parent bundle: few epochs at a fraction of the
/// parent's learning rate, so the new data adjusts the weights instead of overwriting what they learned.
/// </summary>
public sealed class FineTuneOptions
{
    /// <summary>
    /// Most epochs to run. Default 3. Zero trains nothing: the trainer holds the parent's weights as they are, with
    /// scalers fit on the prepared data's own training window (zero-shot transfer to a new symbol), so that
    /// <see cref="ModelTrainer.EvaluateAsync"/> measures the parent on data it never saw.
    /// </summary>
    public int Epochs { get; set; } = 3;

    /// <summary>Samples per gradient step. Default 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>The parent's recorded learning rate is multiplied by this. Default 0.1.</summary>
    public double LearningRateFactor { get; set; } = 0.1;

    /// <summary>Stop when the validation loss has not improved for <see cref="Patience"/> epochs. Default true.</summary>
    public bool EarlyStopping { get; set; } = true;

    /// <summary>Epochs without a better validation loss before early stopping ends training. Default 2.</summary>
    public int Patience { get; set; } = 2;

    /// <summary>Seed for dropout and batch order; null keeps the parent's. Default null.</summary>
    public int? Seed { get; set; }

    /// <summary>Checks the options and throws <see cref="ArgumentException"/> naming the first wrong one.</summary>
    public void Validate()
    {
        if (!(LearningRateFactor > 0) || double.IsInfinity(LearningRateFactor))
        {
            throw new ArgumentException($"LearningRateFactor must be positive; was {LearningRateFactor}.", nameof(LearningRateFactor));
        }

        if (Epochs < 0)
        {
            throw new ArgumentException($"Epochs must be zero or more; was {Epochs}.", nameof(Epochs));
        }

        // A zero-epoch fine-tune checks its other settings as a one-epoch run would.
        var training = ToTrainingOptions();
        training.Epochs = Math.Max(1, Epochs);
        training.Validate();
    }

    internal TrainingOptions ToTrainingOptions() => new() { Epochs = Epochs, BatchSize = BatchSize, EarlyStopping = EarlyStopping, Patience = Patience };
}
