using PredictionSdk.Models;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Training;
using PredictionSdk.Streaming;

namespace PredictionSdk.Cli;

/// <summary>
/// Trains challengers with <see cref="ModelTrainer"/> (TorchSharp) for the retraining service: from scratch on the
/// window it is given, with the champion's features, horizons and model type, within the request's thread budget.
/// </summary>
internal sealed class TorchChallengerTrainer(ModelType modelType, FeatureSpec features, IReadOnlyList<int> horizons, int epochs, int seed) : IChallengerTrainer
{
    public async Task<string> TrainAsync(ChallengerTrainingRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var options = new TrainerOptions
        {
            Symbol = request.Symbol,
            Interval = request.Interval,
            Horizons = horizons,
            Features = features,
            TorchThreads = request.Threads,

            // The newest bars matter most to a retrain: a small tail is held out, the rest trains (validation included).
            HoldoutFraction = 0.05,
        };
        using var trainer = new ModelTrainer(options);
        trainer.PrepareData(request.Candles, $"candle store, {request.Request.Trigger} retrain as of {request.Request.AsOf:o}");
        var model = ModelOptions.For(modelType);
        model.Seed = seed;
        trainer.ConfigureModel(model);
        var report = progress is null ? null : new Progress<TrainingProgress>(p => progress.Report(p.Fraction));
        await trainer.TrainAsync(new TrainingOptions { Epochs = epochs, BatchSize = 256 }, report, cancellationToken).ConfigureAwait(false);

        // Saving exports ONNX and calibrates confidence and intervals on the validation window, as `psdk train` does.
        await trainer.SaveModelAsync(request.OutputPath, cancellationToken).ConfigureAwait(false);
        return request.OutputPath;
    }
}
