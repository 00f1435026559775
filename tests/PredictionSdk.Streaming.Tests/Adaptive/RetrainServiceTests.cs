using PredictionSdk.Data.Storage.Sqlite;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

/// <summary>The retraining service: from the candle store to a challenger in shadow, and a failure that changes nothing.</summary>
public sealed class RetrainServiceTests : IDisposable
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");
    private readonly string _folder = Directory.CreateTempSubdirectory("psdk-retrain-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class FailingTrainer : IChallengerTrainer
    {
        public int Calls;

        public Task<string> TrainAsync(ChallengerTrainingRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            progress?.Report(0.5);
            throw new InvalidOperationException("the optimizer diverged (loss is NaN)");
        }
    }

    private sealed class RecordingTrainer : IChallengerTrainer
    {
        public List<ChallengerTrainingRequest> Requests { get; } = [];

        public async Task<string> TrainAsync(ChallengerTrainingRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            await File.WriteAllTextAsync(request.OutputPath, "bundle", cancellationToken);
            return request.OutputPath;
        }
    }

    private async Task<(SqliteCandleStore Store, Walk Walk)> StoreAsync(int minutes)
    {
        var walk = new Walk(minutes, seed: 5);
        var store = new SqliteCandleStore(Path.Combine(_folder, "candles.db"));
        await store.UpsertAsync(Btc, Interval.OneMinute, Enumerable.Range(0, minutes).Select(walk.Bar));
        return (store, walk);
    }

    [Fact]
    public async Task A_failed_retrain_leaves_the_champion_serving_and_is_reported()
    {
        const int minutes = 600;
        var (store, walk) = await StoreAsync(minutes);
        using var _ = store;
        var options = new AdaptiveLearningOptions { Retrain = { OnDrift = false, Every = TimeSpan.FromHours(2), MinBars = 100, OutputFolder = _folder } };
        using var learning = new AdaptiveLearning(options, Interval.OneMinute);
        var trainer = new FailingTrainer();
        using var service = new ChallengerRetrainService(learning, trainer, store);
        await service.StartAsync(CancellationToken.None);
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, new SymbolPipelineOptions { WarmUpBars = 0 }, learning.CreatePredictor(Btc, "v1", new ScriptedPredictor(Btc, walk, 0.5, 1)));
        pipeline.OutcomeObservers.Add(learning);
        var source = new ScriptedSource("fake", []);
        var events = new List<PipelineEvent>();
        for (int m = 0; m < minutes; m++)
        {
            await pipeline.ProcessAsync(walk.Final(Btc, m), source, events);

            // The replay's clock waits for training, as the simulator's does.
            await learning.WhenRetrainsIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        await service.StopAsync(CancellationToken.None);

        // Two hours of market time in ten: the schedule fired four times, every retrain failed, nothing changed.
        Assert.Equal(4, trainer.Calls);
        Assert.All(service.Results, r =>
        {
            Assert.Equal(RetrainStatus.Failed, r.Status);
            Assert.Equal(RetrainTrigger.Schedule, r.Request.Trigger);
            Assert.Contains("NaN", r.Error);
            Assert.Null(r.ChallengerId);
        });
        Assert.Equal("v1", learning.ChampionOf(Btc));
        Assert.Null(learning.ChallengerOf(Btc));
        var served = events.Where(e => e.Kind == PipelineEventKind.Prediction).Select(e => e.Prediction!).ToList();
        Assert.Equal(minutes, served.Count);
        Assert.All(served, p => Assert.Equal("v1", p.ModelVersion));
    }

    [Fact]
    public async Task A_retrain_reads_the_window_before_its_market_time_from_the_store_and_its_challenger_runs_in_shadow()
    {
        const int minutes = 400;
        var (store, walk) = await StoreAsync(minutes);
        using var _ = store;
        var options = new AdaptiveLearningOptions { Retrain = { OnDrift = false, TrainingWindow = TimeSpan.FromMinutes(120), MinBars = 100, OutputFolder = _folder } };
        using var learning = new AdaptiveLearning(options, Interval.OneMinute);
        var trainer = new RecordingTrainer();
        var challenger = new ScriptedPredictor(Btc, walk, 0.5, 2);
        using var service = new ChallengerRetrainService(learning, trainer, store, load: (path, symbol, _) =>
        {
            Assert.Equal("bundle", File.ReadAllText(path));
            return challenger;
        });
        await service.StartAsync(CancellationToken.None);
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, new SymbolPipelineOptions { WarmUpBars = 0 }, learning.CreatePredictor(Btc, "v1", new ScriptedPredictor(Btc, walk, 0.5, 1)));
        pipeline.OutcomeObservers.Add(learning);
        var source = new ScriptedSource("fake", []);
        var events = new List<PipelineEvent>();
        for (int m = 0; m < 300; m++)
        {
            await pipeline.ProcessAsync(walk.Final(Btc, m), source, events);
        }

        Assert.True(learning.RequestRetrain(Btc));
        Assert.False(learning.RequestRetrain(Btc)); // one at a time per symbol
        await learning.WhenRetrainsIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        var request = Assert.Single(trainer.Requests);
        DateTime asOf = Bars.Start.AddMinutes(300); // close of the last bar scored
        Assert.Equal(asOf, request.Request.AsOf);
        Assert.Equal(Enumerable.Range(180, 120).Select(m => Bars.Start.AddMinutes(m)), request.Candles.Select(c => c.Timestamp));
        Assert.Equal(1, request.Threads);
        var result = Assert.Single(service.Results);
        Assert.Equal(RetrainStatus.Succeeded, result.Status);
        Assert.Equal(result.ChallengerId, learning.ChallengerOf(Btc));
        Assert.Equal("v1", learning.ChampionOf(Btc));
    }
}
