using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Training;
using PredictionSdk.Streaming;

namespace TradingBot.Adaptive;

/// <summary>Settings of the bot's retrains (<c>Adaptive:Training</c> in appsettings.json).</summary>
public sealed class BotTrainingOptions
{
    /// <summary>Most epochs per retrain. Default 2.</summary>
    public int Epochs { get; set; } = 2;

    /// <summary>Where the recorded bars are kept (SQLite). Default: a file in the temporary folder, deleted at exit.</summary>
    public string? CandleDatabase { get; set; }
}

/// <summary>
/// Trains the bot's challengers from scratch on the window the retraining service reads from the recorded bars, with
/// the champion's model type, features and horizons, within the request's thread budget; saving calibrates confidence
/// and intervals on the validation window and exports ONNX, as <c>psdk train</c> does.
/// </summary>
public sealed class BotChallengerTrainer(ModelBundle champion, BotTrainingOptions options) : IChallengerTrainer
{
    /// <inheritdoc />
    public async Task<string> TrainAsync(ChallengerTrainingRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        using var trainer = new ModelTrainer(new TrainerOptions
        {
            Symbol = request.Symbol,
            Interval = request.Interval,
            Horizons = champion.Manifest.Horizons,
            Features = champion.FeatureSpec,
            TorchThreads = request.Threads,
            HoldoutFraction = 0.05,
        });
        trainer.PrepareData(request.Candles, $"bars recorded by the bot, {request.Request.Trigger} retrain as of {request.Request.AsOf:o}");
        trainer.ConfigureModel(ModelOptions.For(champion.Manifest.ModelType));
        var report = progress is null ? null : new Progress<TrainingProgress>(p => progress.Report(p.Fraction));
        await trainer.TrainAsync(new TrainingOptions { Epochs = options.Epochs, BatchSize = 256 }, report, cancellationToken).ConfigureAwait(false);
        await trainer.SaveModelAsync(request.OutputPath, cancellationToken).ConfigureAwait(false);
        return request.OutputPath;
    }
}
