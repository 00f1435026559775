using PredictionSdk.Models.Baselines;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Training.Tests.Training;

public sealed class ModelTrainerTests
{
    private static Task<ModelTrainer> PreparedAsync(int candles = 900)
    {
        var trainer = new ModelTrainer(TestData.SmallOptions());
        trainer.PrepareData(TestData.BtcMinutes(candles));
        return Task.FromResult(trainer);
    }

    [Fact]
    public async Task Trains_reports_progress_and_forecasts_ordered_quantiles()
    {
        using var trainer = await PreparedAsync();
        trainer.ConfigureModel(TestData.TinyHybrid());
        var reports = new List<TrainingProgress>();
        var history = await trainer.TrainAsync(new TrainingOptions { Epochs = 2, BatchSize = 64, EarlyStopping = false }, new SynchronousProgress(reports.Add));

        Assert.Equal(2, history.Epochs.Count);
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss) && double.IsFinite(e.ValidationLoss)));
        int batches = (trainer.Data.Fit.Count + 63) / 64;
        Assert.Equal(2 * (batches + 1), reports.Count);
        Assert.Equal(2, reports.Count(r => r.IsEpochEnd));
        Assert.Equal(1.0, reports[^1].Fraction, 6);
        Assert.True(history.SamplesPerSecond > 0);

        var forecaster = trainer.CreateForecaster();
        var holdout = trainer.Data.Holdout;
        var output = new HorizonForecast[2];
        for (int i = 0; i < holdout.Count; i += 17)
        {
            forecaster.Forecast(holdout.Window(i), output);
            Assert.Equal([1, 5], output.Select(o => o.Horizon));
            Assert.All(output, o =>
            {
                Assert.True(o.Q05 <= o.Q50 && o.Q50 <= o.Q95, $"quantiles cross: {o}");
                Assert.InRange(o.UpProbability, 0f, 1f);
            });
        }
    }

    [Fact]
    public async Task Same_seed_gives_identical_loss_history()
    {
        async Task<TrainingHistory> RunAsync()
        {
            using var trainer = await PreparedAsync();
            trainer.ConfigureModel(TestData.TinyHybrid(seed: 11));
            return await trainer.TrainAsync(new TrainingOptions { Epochs = 2, BatchSize = 64, EarlyStopping = false });
        }

        var first = await RunAsync();
        var second = await RunAsync();
        Assert.Equal(first.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)), second.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)));
    }

    [Fact]
    public async Task Cancellation_stops_mid_epoch()
    {
        using var trainer = await PreparedAsync();
        trainer.ConfigureModel(TestData.TinyHybrid());
        using var cts = new CancellationTokenSource();
        int batchesSeen = 0;
        var progress = new SynchronousProgress(p =>
        {
            batchesSeen++;
            if (p.Batch == 2)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trainer.TrainAsync(new TrainingOptions { Epochs = 5, BatchSize = 32, EarlyStopping = false }, progress, cts.Token));
        Assert.Equal(2, batchesSeen);
        Assert.Throws<InvalidOperationException>(() => trainer.CreateForecaster());
    }

    [Fact]
    public async Task Keeps_the_weights_of_the_best_validation_epoch()
    {
        using var trainer = await PreparedAsync();
        var options = TestData.TinyHybrid();
        options.LearningRate = 0.05; // noisy on purpose, so the last epoch is rarely the best
        trainer.ConfigureModel(options);
        var history = await trainer.TrainAsync(new TrainingOptions { Epochs = 4, BatchSize = 32, EarlyStopping = false });

        var best = history.Epochs.Single(e => e.Epoch == history.BestEpoch);
        Assert.Equal(history.Epochs.Min(e => e.ValidationLoss), best.ValidationLoss);
        double now = trainer.CurrentValidationLoss();
        Assert.Equal(best.ValidationLoss, now, 5);
    }

    [Fact]
    public async Task Scaler_is_fit_on_the_training_window_only_and_parts_are_purged()
    {
        using var trainer = await PreparedAsync();
        var data = trainer.Data;
        var expected = data.RawTraining.FitScaler();
        Assert.Equal(data.Raw.Slice(0, data.RawTraining.Count).FitScaler(), expected);
        var withHoldout = data.Raw.FitScaler();
        Assert.Equal(expected, data.Scaler);
        Assert.NotEqual(withHoldout, data.Scaler);
        Assert.True(data.Fit.EndRow(data.Fit.Count - 1) + data.Spec.MaxHorizon < data.Validation.EndRow(0) - data.Spec.WindowLength + 1);
        Assert.True(data.Validation.EndRow(data.Validation.Count - 1) + data.Spec.MaxHorizon < data.Holdout.EndRow(0) - data.Spec.WindowLength + 1);
    }

    [Fact]
    public async Task Evaluates_the_trained_model_on_the_holdout_beside_baselines()
    {
        using var trainer = await PreparedAsync();
        trainer.ConfigureModel(TestData.TinyHybrid());
        await trainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64 });
        var report = await trainer.EvaluateAsync([BaselineCandidates.Persistence(), BaselineCandidates.EmaDrift()]);

        Assert.Equal(["hybrid", "persistence", "ema-drift"], report.Models.Select(m => m.Name));
        var fold = Assert.Single(report.Folds);
        Assert.Equal(trainer.Data.Holdout.Count, fold.TestCount);
        Assert.Equal(trainer.Data.Holdout.Timestamp(0), fold.TestFrom);
        Assert.Equal(trainer.Data.RawTraining.Count, fold.TrainCount);
        Assert.All(report.Models[0].Horizons, h => Assert.InRange(h.DirectionalAccuracy, 0.0, 1.0));

        var bundle = trainer.BuildBundle();
        Assert.Equal(report.Models[0].Horizons[0].DirectionalAccuracy, bundle.Manifest.Metrics["h1.directionalAccuracy"]);
        Assert.NotNull(bundle.GetEntry(PredictionSdk.Models.Bundles.ModelBundle.EvaluationEntry));
    }

    [Fact]
    public async Task Default_evaluation_includes_every_baseline_and_lightgbm()
    {
        using var trainer = await PreparedAsync();
        trainer.ConfigureModel(TestData.TinyHybrid());
        await trainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64 });
        var report = await trainer.EvaluateAsync();

        Assert.Equal(["hybrid", "persistence", "reversal", "ema-drift", "ridge+logistic", "lightgbm"], report.Models.Select(m => m.Name));
        Assert.All(report.Models.Single(m => m.Name == "lightgbm").Horizons, h => Assert.InRange(h.DirectionalAccuracy, 0.0, 1.0));
    }

    [Fact]
    public void Too_few_candles_is_an_error_stating_the_minimum()
    {
        var trainer = new ModelTrainer(TestData.SmallOptions());
        int minimum = SupervisedDataset.MinimumCandles(TestData.SmallOptions().BuildSpec());
        var error = Assert.Throws<InsufficientDataException>(() => trainer.PrepareData(TestData.BtcMinutes(minimum - 1)));
        Assert.Contains(minimum.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);

        var split = Assert.Throws<InsufficientDataException>(() => trainer.PrepareData(TestData.BtcMinutes(minimum + 20)));
        Assert.Contains("too few to split", split.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Training_validates_by_default_and_the_bundle_records_what_was_repaired_or_dropped()
    {
        var candles = TestData.BtcMinutes(900).ToList();
        candles[100] = candles[100] with { Close = candles[100].High * 1.0001 };  // repaired: high raised to the close
        candles[200] = candles[200] with { Close = 0 };                           // dropped: not a price
        candles.Insert(301, candles[300] with { Close = candles[300].Close * 1.001 }); // dropped: the first bar of a minute wins

        using var trainer = new ModelTrainer(TestData.SmallOptions());
        trainer.PrepareData(candles, "btc-dirty.csv");
        var quality = Assert.IsType<PredictionSdk.Validation.CandleCheckSummary>(trainer.Data.DataQuality);
        Assert.Equal(901, quality.Rows);
        Assert.Equal(899, quality.Used);
        Assert.Equal(1, quality.Repaired);
        Assert.Equal(2, quality.Dropped);
        Assert.Equal(1, quality.Rules["ohlcInconsistent"]);
        Assert.Equal(1, quality.Rules["nonPositivePrice"]);
        Assert.Equal(1, quality.Rules["duplicate"]);
        Assert.Equal("btc-dirty.csv", quality.Source);
        Assert.Contains(quality.Examples, e => e.StartsWith("row 201 ", StringComparison.Ordinal) && e.Contains("NonPositivePrice close=0", StringComparison.Ordinal));

        trainer.ConfigureModel(TestData.TinyHybrid());
        await trainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64 });
        string path = Path.Combine(Path.GetTempPath(), $"quality-{Guid.NewGuid():N}.psdk");
        try
        {
            await trainer.SaveModelAsync(path);
            var saved = PredictionSdk.Models.Bundles.ModelBundle.Load(path).Manifest.DataQuality!;
            Assert.Equal(PredictionSdk.Validation.ValidationPolicy.Repair, saved.Policy);
            Assert.Equal((quality.Rows, quality.Used, quality.Repaired, quality.Dropped), (saved.Rows, saved.Used, saved.Repaired, saved.Dropped));
            Assert.Equal(quality.Rules, saved.Rules);
            Assert.Equal(quality.Examples, saved.Examples);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Reject_refuses_bad_data_naming_the_row_and_off_trains_on_it_as_given()
    {
        var candles = TestData.BtcMinutes(900).ToList();
        candles[200] = candles[200] with { Close = 0 };
        var strict = TestData.SmallOptions();
        strict.DataValidation = PredictionSdk.Validation.ValidationPolicy.Reject;
        var error = Assert.Throws<CandleValidationException>(() => new ModelTrainer(strict).PrepareData(candles));
        Assert.Equal(201, error.LineNumber);
        Assert.Equal("close", error.Field);

        var off = TestData.SmallOptions();
        off.DataValidation = null;
        Assert.Throws<FeatureException>(() => new ModelTrainer(off).PrepareData(candles));
    }

    [Fact]
    public void Bars_of_another_interval_than_the_options_are_refused()
    {
        var minutes = TestData.BtcMinutes(5 * 900);
        var fiveMinutes = minutes.Chunk(5).Select(c => new Candle(c[0].Timestamp, c[0].Open, c.Max(b => b.High), c.Min(b => b.Low), c[^1].Close, c.Sum(b => b.Volume))).ToList();
        var error = Assert.Throws<IntervalMismatchException>(() => new ModelTrainer(TestData.SmallOptions()).PrepareData(fiveMinutes));
        Assert.Equal(Interval.FiveMinutes, error.Detected);
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new ModelTrainer(new TrainerOptions { Symbol = Symbol.Parse("BTC-USD"), ValidationSplit = 1.5 }));
        Assert.Contains("ValidationSplit", error.Message, StringComparison.Ordinal);
        var model = Assert.Throws<ArgumentException>(() => new HybridModelOptions { ModelDim = 30, AttentionHeads = 4 }.Validate());
        Assert.Contains("divisible", model.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }
}
