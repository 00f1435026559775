using PredictionSdk.Data;
using PredictionSdk.Data.Replay;
using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Calibration;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Training;

namespace PredictionSdk.Streaming.Tests.Context;

/// <summary>A model that reads a context symbol, replayed through <see cref="RealTimeStream"/>, against the batch path.</summary>
[Collection(nameof(ModelStageTests))]
public sealed class ContextParityTests : IAsyncLifetime
{
    private static readonly Symbol Near = Symbol.Parse("NEAR-USDT");
    private static readonly Symbol Fil = Symbol.Parse("FIL-USDT");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"psdk-context-{Guid.NewGuid():N}");
    private Candle[] _near = [];
    private Candle[] _fil = [];
    private string _bundle = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _near = await Read("NEARUSDT-1m-2023-02-01.csv.gz");
        _fil = await Read("FILUSDT-1m-2023-02-01.csv.gz");

        // A tiny context + order-flow model, trained on the day's first 900 minutes (the stream replays all 1,440).
        TorchThreads.Configure(1);
        var options = new TrainerOptions
        {
            Symbol = Near,
            Horizons = [1, 5],
            Features = FeatureSpec.Default() with
            {
                WindowLength = 8, Horizons = [1, 5], RollingWindows = [5, 15], VolumeWindows = [15], MultiScaleIntervals = ["5m"],
                OrderFlowWindows = [5, 15], Context = ContextSpec.Of(Fil),
            },
            HoldoutFraction = 0.25,
            ValidationSplit = 0.25,
            TorchThreads = 1,
        };
        using var trainer = new ModelTrainer(options);
        trainer.PrepareDataWithContext(_near[..900], new Dictionary<Symbol, IReadOnlyList<Candle>> { [Fil] = _fil[..900] });
        trainer.ConfigureModel(new HybridModelOptions { LstmUnits = [8], ModelDim = 8, AttentionHeads = 2, FeedForwardDim = 16, EncoderLayers = 1, Seed = 5 });
        await trainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64, EarlyStopping = false });
        _bundle = Path.Combine(_folder, "near-context.psdk");
        await trainer.SaveModelAsync(_bundle);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Replayed_predictions_equal_the_batch_path_bit_for_bit()
    {
        // FIL's file lacks three minutes: one carried forward, then (with the default age limit of 2) none stale.
        var filGappy = _fil.Where((_, i) => i is not (1000 or 1200 or 1201)).ToArray();
        var (streamed, stats) = await ReplayAsync(filGappy);
        var expected = BatchOrderPredictions(filGappy);

        Assert.True(streamed.Count > 1000, $"only {streamed.Count} predictions");
        Assert.Equal(expected.Predictions, streamed.Select(p => p with { Indicators = null })); // the stream attaches its own indicators
        Assert.Equal(0, expected.StaleBars);
        Assert.Equal(0, stats.ContextStaleSkipped);
        Assert.Equal(0, stats.PredictionErrors);

        // Each prediction's confidence is read off the forecast of the batch features' window (TransformWithContext).
        var bundle = ModelBundle.Load(_bundle);
        using var model = LoadedModel.FromBundle(bundle);
        var batch = SupervisedDataset.Build(_near, bundle.FeatureSpec, new Dictionary<Symbol, IReadOnlyList<Candle>> { [Fil] = filGappy }).Scale(bundle.Scaler);
        var rowOf = Enumerable.Range(0, batch.Count).ToDictionary(batch.Timestamp);
        var forecasts = new HorizonForecast[2];
        int checkedPredictions = 0;
        foreach (var p in streamed.Where((p, i) => i % 7 == 0 && rowOf.ContainsKey(p.Timestamp))) // the last bars have no sample (no target)
        {
            model.Forecaster.Forecast(batch.Window(rowOf[p.Timestamp]), forecasts);
            double up = UpProbability(model, forecasts, p.Horizon == 1 ? 0 : 1);
            double expectedConfidence = p.Direction switch
            {
                Direction.Up => up,
                Direction.Down => 1 - up,
                _ => Math.Max(up, 1 - up),
            };
            Assert.Equal(expectedConfidence, p.Confidence);
            checkedPredictions++;
        }

        Assert.True(checkedPredictions > 100, $"only {checkedPredictions} checked");
    }

    [Fact]
    public async Task Context_missing_beyond_the_age_limit_skips_those_bars_and_counts_them()
    {
        // Five FIL minutes missing: two carried forward, three stale; a stale row also breaks the model's 8-row window.
        var filGappy = _fil.Where((_, i) => i is < 1000 or > 1004).ToArray();
        var (streamed, stats) = await ReplayAsync(filGappy);
        var expected = BatchOrderPredictions(filGappy);
        Assert.Equal(expected.StaleBars, stats.ContextStaleSkipped);
        Assert.Equal(3, stats.ContextStaleSkipped);
        Assert.Equal(expected.Predictions, streamed.Select(p => p with { Indicators = null }));
        var start = _near[1002].Timestamp;
        Assert.DoesNotContain(streamed, p => p.Timestamp >= start && p.Timestamp < start.AddMinutes(3 + 7));
    }

    [Fact]
    public async Task A_context_feed_that_stops_makes_bars_late_then_stale_and_no_prediction_is_made_without_it()
    {
        // FIL ends after 1,100 minutes; NEAR goes on for 340 more.
        var (streamed, stats) = await ReplayAsync(_fil[..1100], TimeSpan.FromMilliseconds(20));
        Assert.Equal(340, stats.ContextBarsLate);
        Assert.Equal(340 - 2, stats.ContextStaleSkipped); // the first two are carried forward
        Assert.NotEmpty(streamed);
        Assert.DoesNotContain(streamed, p => p.Timestamp > _fil[1099].Timestamp.AddMinutes(2));
    }

    private async Task<(List<Prediction> Predictions, StreamStatistics Statistics)> ReplayAsync(Candle[] fil, TimeSpan? wait = null)
    {
        var replay = new ReplayCandleSource(new Dictionary<Symbol, IReadOnlyList<Candle>> { [Near] = _near, [Fil] = fil }, new ReplayOptions());
        // The replay is merged by time, so each bar's context arrives by data; the long wait only guards a stalled machine.
        var options = new RealTimeStreamOptions { ModelPath = _bundle, WarmUpBars = 0, WorkerCount = 2, ContextWait = wait ?? TimeSpan.FromMinutes(1) };
        options.Symbols.Add(Near.Value);
        options.Subscriber.FullMode = StreamFullMode.Wait;
        options.Subscriber.Capacity = 100_000;
        var predictions = new List<Prediction>();
        await using var stream = new RealTimeStream([replay], options);
        stream.OnPrediction((p, _) =>
        {
            predictions.Add(p);
            return ValueTask.CompletedTask;
        });
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.DoesNotContain(predictions, p => p.Symbol != Near); // the context symbol is an input, not predicted
        return (predictions, stream.Statistics);
    }

    // The batch order: each minute's context bar, then the target's, then every horizon when the model can predict.
    private (List<Prediction> Predictions, long StaleBars) BatchOrderPredictions(Candle[] fil)
    {
        using var predictor = new StockCryptoPredictor(Near, Interval.OneMinute) { ReportIndicators = false };
        predictor.LoadModel(_bundle);
        var predictions = new List<Prediction>();
        int next = 0;
        foreach (var bar in _near)
        {
            while (next < fil.Length && fil[next].Timestamp <= bar.Timestamp)
            {
                predictor.ObserveContext(Fil, fil[next++]);
            }

            predictor.Observe(bar);
            if (predictor.IsReady)
            {
                predictor.PredictAll(predictions);
            }
        }

        return (predictions, predictor.ContextStaleBars);
    }

    // The predictor's probability of an up move for one horizon, as SymbolState blends it for a single model.
    private static double UpProbability(LoadedModel model, HorizonForecast[] forecasts, int horizon)
    {
        var f = forecasts[horizon];
        double up = model.Calibration is { } calibration ? calibration.Apply(f, horizon, 0.9).UpProbability : f.UpProbability;
        double weight = model.ValidationWeight();
        double blended = Math.Clamp((0 + (weight * up)) / weight, 0, 1);
        return PredictiveDistribution.From(-0.01, 0.01, 0.9, blended).UpProbability;
    }

    private static async Task<Candle[]> Read(string name) =>
        [.. await CandleFile.ReadAllAsync(Path.Combine(AppContext.BaseDirectory, "data", name))];
}
