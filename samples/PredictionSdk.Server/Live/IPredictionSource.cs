using PredictionSdk.Streaming;

namespace PredictionSdk.Server.Live;

/// <summary>
/// Where the server's predictions come from: its own <see cref="RealTimeStream"/> (<see cref="LocalStreamSource"/>) or
/// the symbol grains of an Orleans cluster (<see cref="Cluster.ClusterPredictionSource"/>). Both hand every prediction to
/// the same <see cref="PredictionRecorder"/>, so the REST endpoints, the history and the WebSocket do not know which runs.
/// </summary>
internal interface IPredictionSource
{
    /// <summary>Delivers each prediction to <paramref name="onPrediction"/>; called once, before the source starts.</summary>
    void Attach(Func<Prediction, CancellationToken, ValueTask> onPrediction);

    /// <summary>Why the source cannot deliver predictions now (a stopped feed, an unreachable cluster); empty when it can.</summary>
    IReadOnlyList<SourceProblem> Problems { get; }

    /// <summary>What the source is and how it is doing, for <c>/ready</c>.</summary>
    string Describe();
}

/// <summary>Something that keeps a prediction source from delivering.</summary>
/// <param name="Message">What is wrong, naming the feed file or the cluster.</param>
/// <param name="Error">The exception behind it, if any.</param>
internal sealed record SourceProblem(string Message, Exception? Error);

/// <summary>The server's own <see cref="RealTimeStream"/> over the configured feeds.</summary>
internal sealed class LocalStreamSource(RealTimeStream stream, LiveMarket market) : IPredictionSource
{
    public void Attach(Func<Prediction, CancellationToken, ValueTask> onPrediction) => stream.OnPrediction(onPrediction);

    public IReadOnlyList<SourceProblem> Problems =>
        [.. stream.Faults.Select(f => new SourceProblem($"source {f.Source} failed: {f.Error.Message}", f.Error))];

    public string Describe() => $"{market.CandleCount} bars received.";
}

/// <summary>Hands the predictions of the registered <see cref="IPredictionSource"/> to the <see cref="PredictionRecorder"/>.</summary>
/// <remarks>Registered before the source's own hosted service, so nothing is delivered before it is attached.</remarks>
internal sealed class PredictionFeed(IPredictionSource source, PredictionRecorder recorder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        source.Attach(recorder.HandleAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
