namespace PredictionSdk.Models.Training;

/// <summary>How long and in what steps <see cref="ModelTrainer.TrainAsync"/> trains: epochs, batch size and early stopping, in one place.</summary>
public sealed class TrainingOptions
{
    /// <summary>Most epochs to run. Default 20.</summary>
    public int Epochs { get; set; } = 20;

    /// <summary>Samples per gradient step. Default 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Stop when the validation loss has not improved for <see cref="Patience"/> epochs. Default true.</summary>
    public bool EarlyStopping { get; set; } = true;

    /// <summary>Epochs without a better validation loss before early stopping ends training. Default 3.</summary>
    public int Patience { get; set; } = 3;

    /// <summary>Checks the options and throws <see cref="ArgumentException"/> naming the first wrong one.</summary>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentException($"Epochs must be at least 1; was {Epochs}.", nameof(Epochs));
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"BatchSize must be at least 1; was {BatchSize}.", nameof(BatchSize));
        }

        if (Patience < 1)
        {
            throw new ArgumentException($"Patience must be at least 1; was {Patience}.", nameof(Patience));
        }
    }
}
