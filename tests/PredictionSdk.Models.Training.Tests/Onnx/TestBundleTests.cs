using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Calibration;
using PredictionSdk.Models.Training.Onnx;

namespace PredictionSdk.Models.Training.Tests.Onnx;

/// <summary>
/// Builds the tiny bundle that the libtorch-free inference tests load (train → export ONNX → calibrate → save),
/// checks each step, and checks that the committed copy is what the exporter produces from its own weights.
/// Set PSDK_REGENERATE_TEST_BUNDLE=1 to overwrite the committed copy.
/// </summary>
public sealed class TestBundleTests
{
    private const string CommittedName = "tiny-hybrid.psdk";

    [Fact]
    public async Task Train_export_calibrate_save_and_load_round_trip()
    {
        TorchThreads.Configure(1);
        var candles = TestData.BtcMinutes(2400);
        using var trainer = new ModelTrainer(TestData.SmallOptions());
        trainer.PrepareData(candles);
        trainer.ConfigureModel(TestData.TinyHybrid(seed: 3));
        await trainer.TrainAsync(new TrainingOptions { Epochs = 2, BatchSize = 64, EarlyStopping = false });

        var bundle = trainer.BuildBundle().WithOnnx();
        var result = BundleCalibrator.Calibrate(bundle, candles);
        Assert.True(result.CalibrationStart > bundle.Manifest.Training.End, "calibration must start after the training window");
        Assert.True(result.TestStart > result.CalibrationEnd, "testing must follow calibration");
        Assert.Equal([1, 5], result.Calibration.Horizons.Select(h => h.Horizon));

        string path = Path.Combine(Path.GetTempPath(), $"psdk-test-{Guid.NewGuid():N}.psdk");
        try
        {
            result.Bundle.Save(path);
            var loaded = ModelBundle.Load(path);
            Assert.NotNull(loaded.GetEntry(ModelBundle.OnnxEntry));
            Assert.NotNull(loaded.GetEntry(ModelBundle.CalibrationEntry));

            // The exported graph in the saved bundle answers like the TorchSharp network.
            using var model = Models.LoadedModel.FromBundle(loaded);
            var forecaster = trainer.CreateForecaster();
            var holdout = trainer.Data.Holdout;
            var fromTorch = new HorizonForecast[2];
            var fromOnnx = new HorizonForecast[2];
            for (int i = 0; i < holdout.Count; i += 25)
            {
                forecaster.Forecast(holdout.Window(i), fromTorch);
                model.Forecaster.Forecast(holdout.Window(i), fromOnnx);
                for (int h = 0; h < 2; h++)
                {
                    Assert.Equal(fromTorch[h].Q05, fromOnnx[h].Q05, 1e-5);
                    Assert.Equal(fromTorch[h].Q95, fromOnnx[h].Q95, 1e-5);
                    Assert.Equal(fromTorch[h].UpProbability, fromOnnx[h].UpProbability, 1e-4);
                }
            }

            if (Environment.GetEnvironmentVariable("PSDK_REGENERATE_TEST_BUNDLE") == "1")
            {
                File.Copy(path, Path.Combine(CommittedFolder(), CommittedName), overwrite: true);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Committed_test_bundle_holds_the_graph_exported_from_its_own_weights()
    {
        TorchThreads.Configure(1);
        var committed = ModelBundle.Load(Path.Combine(CommittedFolder(), CommittedName));
        byte[] stored = committed.GetEntry(ModelBundle.OnnxEntry)!;
        Assert.Equal(stored, committed.ExportOnnx());
        Assert.NotNull(committed.GetEntry(ModelBundle.CalibrationEntry));
    }

    private static string CommittedFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PredictionSdk.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Repository root not found."), "tests", "PredictionSdk.Models.Tests", "TestData");
    }
}
