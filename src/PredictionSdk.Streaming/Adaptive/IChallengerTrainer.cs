namespace PredictionSdk.Streaming;

/// <summary>
/// Trains a challenger bundle from candles. The retraining service calls it; the torch trainer lives in a higher layer
/// (the CLI and samples wrap <c>ModelTrainer</c>), so streaming hosts need no training runtime unless they retrain.
/// </summary>
public interface IChallengerTrainer
{
    /// <summary>
    /// Trains on <see cref="ChallengerTrainingRequest.Candles"/> and writes a <c>.psdk</c> bundle to
    /// <see cref="ChallengerTrainingRequest.OutputPath"/>. Must honour the thread budget and the cancellation token;
    /// an exception fails the retrain and leaves the champion serving.
    /// </summary>
    /// <returns>The path of the bundle written.</returns>
    Task<string> TrainAsync(ChallengerTrainingRequest request, IProgress<double>? progress, CancellationToken cancellationToken);
}

/// <summary>What a challenger is trained on.</summary>
public sealed record ChallengerTrainingRequest
{
    /// <summary>Symbol.</summary>
    public required Symbol Symbol { get; init; }

    /// <summary>Bar length.</summary>
    public required Interval Interval { get; init; }

    /// <summary>Closed bars before <see cref="RetrainRequest.AsOf"/>, ascending, from the candle store.</summary>
    public required IReadOnlyList<Candle> Candles { get; init; }

    /// <summary>CPU threads the training may use.</summary>
    public required int Threads { get; init; }

    /// <summary>Where to write the bundle.</summary>
    public required string OutputPath { get; init; }

    /// <summary>The retrain asked for (trigger, market time, parent version).</summary>
    public required RetrainRequest Request { get; init; }

    /// <summary>
    /// The champion's bundle file, when the service knows it (registered, or trained by an earlier retrain): what a
    /// trainer fine-tunes from. Null for a champion the service has no file for.
    /// </summary>
    public string? ChampionBundle { get; init; }
}
