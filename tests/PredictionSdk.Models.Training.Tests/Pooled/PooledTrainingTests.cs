using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Features;
using static PredictionSdk.Models.Training.Tests.Pooled.PoolTestData;

namespace PredictionSdk.Models.Training.Tests.Pooled;

public sealed class PooledTrainingTests
{
    [Fact]
    public void Each_symbol_is_scaled_by_a_scaler_fit_on_its_own_training_window_only()
    {
        using var trainer = PooledTrainer(Alpha, Beta);
        var pool = trainer.Data.Pool;
        Assert.Equal([Alpha, Beta], pool.Select(p => p.Symbol));

        foreach (var part in pool)
        {
            using var alone = SingleTrainer(part.Symbol);
            var raw = part.Data.Raw;
            var trainingWindow = raw.Slice(0, part.Data.RawTraining.Count);

            // The same scaler as training that symbol alone: fit on its training rows, not on the holdout.
            Assert.Equal(alone.Data.Scaler, part.Data.Scaler);
            Assert.Equal(trainingWindow.FitScaler(), part.Data.Scaler);
            Assert.NotEqual(raw.FitScaler(), part.Data.Scaler);
        }

        Assert.NotEqual(pool[0].Data.Scaler, pool[1].Data.Scaler);
        Assert.Equal(pool[0].Data.Scaler, trainer.Data.Scaler);
    }

    [Fact]
    public void Every_window_and_target_lies_within_one_symbol()
    {
        using var trainer = PooledTrainer(Alpha, Beta);
        var data = trainer.Data;
        var parts = data.Pool.Select(p => p.Data).ToArray();

        // The pooled parts are the symbols' own parts one after the other: sample for sample, the same window
        // (scaled by that symbol's scaler) and the same target, so no window or target mixes two symbols.
        AssertJoined(data.Fit, parts.Select(p => p.Fit));
        AssertJoined(data.Validation, parts.Select(p => p.Validation));
        AssertJoined(data.Holdout, parts.Select(p => p.Holdout));
        AssertJoined(data.RawHoldout, parts.Select(p => p.RawHoldout));
    }

    [Fact]
    public void Pool_needs_distinct_symbols()
    {
        using var trainer = new ModelTrainer(TestData.SmallOptions());
        Assert.Throws<ArgumentException>(() => trainer.PreparePool([new SymbolSeries(Alpha, Series(Alpha))]));
        var twice = Assert.Throws<ArgumentException>(() => trainer.PreparePool([new SymbolSeries(Alpha, Series(Alpha)), new SymbolSeries(Alpha, Series(Alpha))]));
        Assert.Contains("AAA-USD", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pooled_bundle_serves_each_pool_symbol_with_its_own_scaler_and_refuses_others()
    {
        using var trainer = PooledTrainer(Alpha, Beta);
        trainer.ConfigureModel(TestData.TinyHybrid());
        await trainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64, EarlyStopping = false });
        var report = await trainer.EvaluateAsync(baselines: []);
        using var stream = new MemoryStream();
        await trainer.SaveModelAsync(stream);
        stream.Position = 0;
        var bundle = await ModelBundle.LoadAsync(stream, "pooled", ModelBundle.DefaultMaxEntryBytes, CancellationToken.None);

        Assert.True(bundle.IsPooled);
        Assert.Equal([Alpha, Beta], bundle.Symbols);
        Assert.Equal(["AAA-USD", "BBB-USD"], bundle.Manifest.Pool!.Select(m => m.Symbol));
        Assert.Equal(trainer.Data.Pool[1].Data.Scaler, bundle.ScalerFor(Beta));
        Assert.Equal(trainer.Data.Pool.Select(p => p.Data.Fit.Count), bundle.Manifest.Pool!.Select(m => m.TrainSamples));
        Assert.Equal(2, trainer.PoolReports.Count);
        Assert.Same(trainer.PoolReports[0], report);
        Assert.Contains("BBB-USD.h1.directionalAccuracy", bundle.Manifest.Metrics.Keys);

        // Each pool symbol is served as itself; Beta's bars go through Beta's scaler, so serving them under Alpha's
        // scaler (an explicit mapping) gives other predictions.
        var history = Series(Beta)[^300..];
        using var beta = StockCryptoPredictor.FromBundle(bundle, new StockCryptoPredictorOptions { ServeAs = Beta });
        using var mapped = new StockCryptoPredictor(Beta, Interval.OneMinute) { BundleSymbol = Alpha };
        mapped.LoadModel(bundle);
        foreach (var bar in history)
        {
            beta.Observe(bar);
            mapped.Observe(bar);
        }

        Assert.Equal(Beta, beta.Symbol);
        Assert.NotEqual(beta.Predict(1).PredictedPrice, mapped.Predict(1).PredictedPrice);
        using var alpha = StockCryptoPredictor.FromBundle(bundle);
        Assert.Equal(Alpha, alpha.Symbol);

        var refused = Assert.Throws<ModelSymbolMismatchException>(() => StockCryptoPredictor.FromBundle(bundle, new StockCryptoPredictorOptions { ServeAs = Gamma }));
        Assert.Equal([Alpha, Beta], refused.TrainedOn);
        Assert.Contains("AAA-USD, BBB-USD", refused.Message, StringComparison.Ordinal);
        using var batch = StockCryptoPredictor.FromBundle(bundle);
        Assert.Throws<ModelSymbolMismatchException>(() => batch.PredictBatch([new(Beta, history), new(Gamma, Series(Gamma)[^300..])]));
        Assert.Equal(2, batch.PredictBatch([new(Alpha, Series(Alpha)[^300..]), new(Beta, history)]).Count);
    }

    private static void AssertJoined(SupervisedDataset joined, IEnumerable<SupervisedDataset> parts)
    {
        int at = 0;
        foreach (var part in parts)
        {
            for (int i = 0; i < part.Count; i++, at++)
            {
                Assert.True(part.Window(i).SequenceEqual(joined.Window(at)), $"window {at} differs from its symbol's window {i}");
                Assert.Equal(part.Timestamp(i), joined.Timestamp(at));
                for (int h = 0; h < part.Horizons.Count; h++)
                {
                    Assert.Equal(part.Target(i, h), joined.Target(at, h));
                }
            }
        }

        Assert.Equal(at, joined.Count);
    }
}
