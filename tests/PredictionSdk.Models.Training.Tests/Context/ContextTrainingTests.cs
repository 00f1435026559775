using PredictionSdk.Data;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Training.Tests.Context;

public sealed class ContextTrainingTests
{
    private static readonly Symbol Near = Symbol.Parse("NEAR-USDT");
    private static readonly Symbol Fil = Symbol.Parse("FIL-USDT");

    [Fact]
    public async Task A_context_bundle_records_its_symbols_and_its_predictor_needs_the_context_feed()
    {
        TorchThreads.Configure(1);
        var near = Read("NEARUSDT-1m-2023-02-01.csv.gz");
        var fil = Read("FILUSDT-1m-2023-02-01.csv.gz");
        var options = Options();
        using var trainer = new ModelTrainer(options);
        trainer.PrepareDataWithContext(near, new Dictionary<Symbol, IReadOnlyList<Candle>> { [Fil] = fil });
        Assert.Equal([Fil.Value], trainer.Data.Spec.Context!.Symbols);
        Assert.Equal(0, trainer.Data.ContextStaleRows);
        trainer.ConfigureModel(TestData.TinyHybrid());
        await trainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64, EarlyStopping = false });

        string path = Path.Combine(Path.GetTempPath(), $"psdk-context-{Guid.NewGuid():N}.psdk");
        try
        {
            await trainer.SaveModelAsync(path);
            var bundle = ModelBundle.Load(path);
            Assert.Equal([Fil], bundle.ContextSymbols);
            Assert.Equal(trainer.Data.Spec, bundle.FeatureSpec);

            // Without its context feed the predictor refuses, naming the symbol.
            using var blind = new StockCryptoPredictor(Near, Interval.OneMinute);
            blind.LoadModel(path);
            Assert.Equal([Fil], blind.ContextSymbols);
            blind.Observe(near);
            var error = Assert.Throws<ContextUnavailableException>(() => blind.PredictAll());
            Assert.Equal(Fil.Value, error.ContextSymbol);

            // With it, the predictor's windows are the batch rows scaled: its forecasts are the forecaster's on the batch windows.
            using var predictor = new StockCryptoPredictor(Near, Interval.OneMinute) { IntervalAdaptationRate = 0 };
            predictor.LoadModel(path);
            using var loaded = LoadedModel.FromBundle(bundle);
            var batch = SupervisedDataset.Build(near, bundle.FeatureSpec, new Dictionary<Symbol, IReadOnlyList<Candle>> { [Fil] = fil }).Scale(bundle.Scaler);
            var fromBatch = new HorizonForecast[2];
            int sample = 0, compared = 0;
            for (int i = 0; i < near.Length; i++)
            {
                Assert.True(predictor.ObserveContext(Fil, fil[i]));
                predictor.Observe(near[i]);
                while (sample < batch.Count && batch.EndRow(sample) < i)
                {
                    sample++;
                }

                if (sample < batch.Count && batch.EndRow(sample) == i && i % 50 == 0)
                {
                    Assert.True(predictor.IsReady);
                    var live = predictor.PredictAll();
                    loaded.Forecaster.Forecast(batch.Window(sample), fromBatch);
                    Assert.Equal(Expected(near[i].Close, fromBatch[0], loaded), live[0].PredictedPrice, 1e-9); // the blend's weight divides out up to rounding
                    compared++;
                }
            }

            Assert.True(compared > 10);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Rows_with_context_missing_beyond_the_age_limit_are_dropped_and_counted()
    {
        var near = Read("NEARUSDT-1m-2023-02-01.csv.gz");
        var fil = Read("FILUSDT-1m-2023-02-01.csv.gz");
        var gappy = fil.Where((_, i) => i is < 700 or >= 710).ToArray(); // 10 minutes missing: 2 carried, 8 stale
        using var full = new ModelTrainer(Options());
        full.PrepareDataWithContext(near, new Dictionary<Symbol, IReadOnlyList<Candle>> { [Fil] = fil });
        using var trainer = new ModelTrainer(Options());
        trainer.PrepareDataWithContext(near, new Dictionary<Symbol, IReadOnlyList<Candle>> { [Fil] = gappy });
        Assert.Equal(8, trainer.Data.ContextStaleRows);
        Assert.True(trainer.Data.Raw.Count < full.Data.Raw.Count);

        var spec = TestData.SmallSpec with { Context = ContextSpec.Of(Fil, Symbol.Parse("LINK-USDT")) };
        var withLink = Options();
        withLink.Features = spec;
        using var linkTrainer = new ModelTrainer(withLink);
        var error = Assert.Throws<ArgumentException>(() => linkTrainer.PrepareDataWithContext(near, new Dictionary<Symbol, IReadOnlyList<Candle>> { [Fil] = fil }));
        Assert.Contains("LINK-USDT", error.Message, StringComparison.Ordinal);
    }

    // The predictor's price for horizon 1 from a raw forecast (calibrated as the bundle says, no interval adaptation).
    private static double Expected(double close, HorizonForecast f, LoadedModel model)
    {
        double lower = Math.Min(f.Q05, f.Q95), upper = Math.Max(f.Q05, f.Q95), up = f.UpProbability;
        if (model.Calibration is { } calibration)
        {
            var c = calibration.Apply(f, 0, 0.9);
            (lower, upper, up) = (c.Lower, c.Upper, c.UpProbability);
        }

        var distribution = Calibration.PredictiveDistribution.From(lower, upper, 0.9, Math.Clamp(up, 0, 1));
        return close * Math.Exp(distribution.Median);
    }

    private static TrainerOptions Options() => new()
    {
        Symbol = Near,
        Horizons = [1, 5],
        Features = TestData.SmallSpec with { OrderFlowWindows = [5, 15] },
        HoldoutFraction = 0.25,
        ValidationSplit = 0.25,
        TorchThreads = 1,
    };

    private static Candle[] Read(string name) =>
        [.. CandleFile.ReadAllAsync(Path.Combine(AppContext.BaseDirectory, "data", name)).GetAwaiter().GetResult()];
}
