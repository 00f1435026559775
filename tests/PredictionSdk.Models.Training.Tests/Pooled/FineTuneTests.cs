using PredictionSdk.Models.Bundles;
using static PredictionSdk.Models.Training.Tests.Pooled.PoolTestData;

namespace PredictionSdk.Models.Training.Tests.Pooled;

public sealed class FineTuneTests
{
    [Fact]
    public async Task Fine_tune_starts_from_the_parents_weights_and_records_its_parent()
    {
        using var parentTrainer = SingleTrainer(Alpha);
        parentTrainer.ConfigureModel(TestData.TinyHybrid());
        await parentTrainer.TrainAsync(new TrainingOptions { Epochs = 2, BatchSize = 64, EarlyStopping = false });
        double parentLoss = parentTrainer.CurrentValidationLoss();
        var parent = parentTrainer.BuildBundle();

        using var child = new ModelTrainer(SameSplits(TrainerOptions.FromBundle(parent, Alpha)));
        child.PrepareData(Series(Alpha));
        var tuned = await child.FineTuneAsync(parent, new FineTuneOptions { Epochs = 1, BatchSize = 64 });

        // Before its first step the network is the parent's: the same loss on the same validation samples.
        Assert.Equal(parentLoss, tuned.InitialValidationLoss!.Value, 9);
        Assert.True(tuned.BestValidationLoss <= parentLoss);

        using var scratch = new ModelTrainer(SameSplits(TrainerOptions.FromBundle(parent, Alpha)));
        scratch.PrepareData(Series(Alpha));
        scratch.ConfigureModel(TestData.TinyHybrid());
        var fresh = await scratch.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64 });
        Assert.NotEqual(parentLoss, fresh.InitialValidationLoss!.Value, 6);

        var bundle = child.BuildBundle();
        var lineage = bundle.Manifest.FineTunedFrom;
        Assert.NotNull(lineage);
        Assert.Equal(parent.Version, lineage.Version);
        Assert.Equal(["AAA-USD"], lineage.Symbols);
        Assert.Equal(parent.Manifest.Training, lineage.Training);
        Assert.Equal(parent.Manifest.TargetScale, bundle.Manifest.TargetScale);
        Assert.Equal(1e-4, bundle.Manifest.ModelOptions!["learningRate"]!.GetValue<double>(), 12);
        Assert.Null(parent.Manifest.FineTunedFrom);
    }

    [Fact]
    public async Task A_pooled_model_fine_tuned_on_a_new_symbol_serves_that_symbol()
    {
        using var poolTrainer = PooledTrainer(Alpha, Beta);
        poolTrainer.ConfigureModel(TestData.TinyHybrid());
        await poolTrainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64, EarlyStopping = false });
        var pooled = poolTrainer.BuildBundle();
        Assert.Throws<ModelSymbolMismatchException>(() => StockCryptoPredictor.FromBundle(pooled, new StockCryptoPredictorOptions { ServeAs = Gamma }));

        using var child = new ModelTrainer(SameSplits(TrainerOptions.FromBundle(pooled, Gamma)));
        child.PrepareData(Series(Gamma));
        await child.FineTuneAsync(pooled, new FineTuneOptions { Epochs = 1, BatchSize = 64 });
        var tuned = child.BuildBundle();

        Assert.False(tuned.IsPooled);
        Assert.Equal([Gamma], tuned.Symbols);
        Assert.Equal(["AAA-USD", "BBB-USD"], tuned.Manifest.FineTunedFrom!.Symbols);
        Assert.Equal(child.Data.Scaler, tuned.Scaler);
        using var predictor = StockCryptoPredictor.FromBundle(tuned);
        foreach (var bar in Series(Gamma)[^300..])
        {
            predictor.Observe(bar);
        }

        Assert.Equal(Gamma, predictor.Predict(1).Symbol);
    }

    [Fact]
    public async Task A_zero_epoch_fine_tune_serves_the_parents_weights_on_the_new_symbols_own_scale()
    {
        using var poolTrainer = PooledTrainer(Alpha, Beta);
        poolTrainer.ConfigureModel(TestData.TinyHybrid());
        await poolTrainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64, EarlyStopping = false });
        var pooled = poolTrainer.BuildBundle();

        using var child = new ModelTrainer(SameSplits(TrainerOptions.FromBundle(pooled, Gamma)));
        child.PrepareData(Series(Gamma));
        var history = await child.FineTuneAsync(pooled, new FineTuneOptions { Epochs = 0 });

        Assert.Empty(history.Epochs);
        Assert.Equal(0, history.BestEpoch);
        Assert.Equal(history.InitialValidationLoss!.Value, history.BestValidationLoss, 12);
        var transferred = child.BuildBundle();
        Assert.Equal(pooled.GetEntry(ModelBundle.WeightsEntry), transferred.GetEntry(ModelBundle.WeightsEntry));
        Assert.Equal(child.Data.Scaler, transferred.Scaler);
        Assert.Equal([Gamma], transferred.Symbols);
        var report = await child.EvaluateAsync();
        Assert.NotEmpty(report.Models);

        var error = Assert.Throws<ArgumentException>(() => new FineTuneOptions { Epochs = -1 }.Validate());
        Assert.Equal("Epochs", error.ParamName);
    }

    [Fact]
    public async Task Fine_tune_refuses_data_prepared_with_other_features()
    {
        using var parentTrainer = SingleTrainer(Alpha);
        parentTrainer.ConfigureModel(TestData.TinyHybrid());
        await parentTrainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64 });
        var parent = parentTrainer.BuildBundle();

        var options = TestData.SmallOptions();
        options.Horizons = [1, 3];
        using var child = new ModelTrainer(options);
        child.PrepareData(Series(Alpha));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => child.FineTuneAsync(parent));
        Assert.Contains("FromBundle", error.Message, StringComparison.Ordinal);
    }

    private static TrainerOptions SameSplits(TrainerOptions options)
    {
        var small = TestData.SmallOptions();
        options.HoldoutFraction = small.HoldoutFraction;
        options.ValidationSplit = small.ValidationSplit;
        options.TorchThreads = small.TorchThreads;
        return options;
    }
}
