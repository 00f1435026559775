using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Training.Networks;

namespace PredictionSdk.Models.Training;

// Fine-tuning: continuing from an existing bundle's weights on new data (a new symbol, or recent bars).
public sealed partial class ModelTrainer
{
    private ModelBundle? _parent;

    /// <summary>
    /// Continues training <paramref name="parent"/>'s network on the prepared data (<see cref="PrepareData(IReadOnlyList{Candle}, string?)"/> or
    /// <see cref="PreparePool"/>): the network type, its settings and the output scale come from the parent, training
    /// starts from its weights at a fraction of its learning rate (<see cref="FineTuneOptions.LearningRateFactor"/>),
    /// and the parent's weights are kept unless an epoch lowers the validation loss below theirs
    /// (<see cref="TrainingHistory.InitialValidationLoss"/> is the parent's loss on this data). The data is scaled by
    /// scalers fit on its own training window, as always. The bundle saved afterwards records the parent
    /// (<see cref="BundleManifest.FineTunedFrom"/>). Prepare the data with the parent's spec:
    /// <see cref="TrainerOptions.FromBundle"/>.
    /// </summary>
    /// <param name="parent">The bundle to start from; it must hold TorchSharp weights.</param>
    /// <param name="options">Epochs, batch size and learning-rate factor; null for the defaults of <see cref="FineTuneOptions"/>.</param>
    /// <param name="progress">Receives a report after each batch and each epoch.</param>
    /// <param name="cancellationToken">Cancels between batches; the trainer then holds no trained model.</param>
    /// <returns>The loss history.</returns>
    /// <exception cref="ArgumentException">The prepared data's features differ from the parent's, the parent has no weights, or an option is invalid.</exception>
    /// <exception cref="ModelLoadException">The parent's weights do not fit its manifest.</exception>
    public Task<TrainingHistory> FineTuneAsync(ModelBundle parent, FineTuneOptions? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parent);
        options ??= new FineTuneOptions();
        options.Validate();
        var data = Data;
        if (!data.Spec.Equals(parent.FeatureSpec) || !data.Scaler.FeatureNames.SequenceEqual(parent.Manifest.FeatureNames, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"The prepared data's features differ from those of the parent ({string.Join(", ", parent.Symbols)}); prepare it with TrainerOptions.FromBundle(parent, symbol).", nameof(parent));
        }

        if (parent.GetEntry(ModelBundle.WeightsEntry) is null || parent.Manifest.TargetScale is null)
        {
            throw new ArgumentException($"The parent bundle has no TorchSharp weights ({ModelBundle.WeightsEntry}) or no target scale to continue from.", nameof(parent));
        }

        var model = ModelOptionsJson.FromJson(parent.Manifest.ModelType, parent.Manifest.ModelOptions);
        model.LearningRate *= options.LearningRateFactor;
        model.Seed = options.Seed ?? model.Seed;
        ConfigureModel(model);
        return StartTraining(options.ToTrainingOptions(), parent, progress, cancellationToken);
    }

    /// <summary>The parent's network with its weights, built with <paramref name="options"/> (the parent's settings).</summary>
    private static ForecastNetwork NetworkFromParent(ModelBundle parent, ModelOptions options)
    {
        var manifest = parent.Manifest;
        var network = new ForecastNetwork(options, manifest.WindowLength, manifest.FeatureNames.Count, manifest.TargetScale!);
        try
        {
            using var stream = new MemoryStream(parent.GetEntry(ModelBundle.WeightsEntry)!, writable: false);
            network.load(stream);
            return network;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or System.Runtime.InteropServices.ExternalException or EndOfStreamException)
        {
            network.Dispose();
            throw new ModelLoadException("parent bundle", $"{ModelBundle.WeightsEntry} does not match a {manifest.ModelType} network with these options: {ex.Message}", ex);
        }
    }
}
