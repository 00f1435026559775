using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Training;
using PredictionSdk.Streaming;

namespace PredictionSdk.Cli;

/// <summary>How a challenger starts: from fresh weights, or from the champion's (fine-tuned on the recent window).</summary>
internal enum ChallengerStart
{
    /// <summary>A new network trained from scratch on the window.</summary>
    Scratch,

    /// <summary>The champion's network, fine-tuned on the window at a tenth of its learning rate.</summary>
    FineTune,
}

/// <summary>
/// Trains challengers with <see cref="ModelTrainer"/> (TorchSharp) for the retraining service on the window it is
/// given, within the request's thread budget: from scratch with the champion's features, horizons and model type, or
/// fine-tuned from the champion's bundle (<see cref="ChallengerTrainingRequest.ChampionBundle"/>, else
/// <paramref name="initialChampion"/> — the file the run started with).
/// </summary>
internal sealed class TorchChallengerTrainer(
    ModelType modelType, FeatureSpec features, IReadOnlyList<int> horizons, int epochs, int seed, ChallengerStart start = ChallengerStart.Scratch, string? initialChampion = null) : IChallengerTrainer
{
    public async Task<string> TrainAsync(ChallengerTrainingRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        string? parentPath = start == ChallengerStart.FineTune ? request.ChampionBundle ?? initialChampion : null;
        var parent = parentPath is null ? null : await ModelBundle.LoadAsync(parentPath, cancellationToken).ConfigureAwait(false);
        var options = parent is null
            ? new TrainerOptions { Symbol = request.Symbol, Interval = request.Interval, Horizons = horizons, Features = features }
            : TrainerOptions.FromBundle(parent, request.Symbol);
        options.TorchThreads = request.Threads;

        // The newest bars matter most to a retrain: a small tail is held out, the rest trains (validation included).
        options.HoldoutFraction = 0.05;
        using var trainer = new ModelTrainer(options);
        trainer.PrepareData(request.Candles, $"candle store, {request.Request.Trigger} retrain as of {request.Request.AsOf:o}");
        var report = progress is null ? null : new Progress<TrainingProgress>(p => progress.Report(p.Fraction));
        if (parent is not null)
        {
            await trainer.FineTuneAsync(parent, new FineTuneOptions { Epochs = epochs, Seed = seed }, report, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var model = ModelOptions.For(modelType);
            model.Seed = seed;
            trainer.ConfigureModel(model);
            await trainer.TrainAsync(new TrainingOptions { Epochs = epochs, BatchSize = 256 }, report, cancellationToken).ConfigureAwait(false);
        }

        // Saving exports ONNX and calibrates confidence and intervals on the validation window, as `psdk train` does.
        await trainer.SaveModelAsync(request.OutputPath, cancellationToken).ConfigureAwait(false);
        return request.OutputPath;
    }
}
