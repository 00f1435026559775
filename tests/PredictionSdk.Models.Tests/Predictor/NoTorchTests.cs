namespace PredictionSdk.Models.Tests.Predictor;

public sealed class NoTorchTests
{
    [Fact]
    public void Prediction_runs_with_no_torch_assembly_or_native_library_in_the_process()
    {
        using var predictor = new StockCryptoPredictor(Symbol.Parse("BTC-USD"), Interval.OneMinute);
        predictor.LoadModel(StockCryptoPredictorTests.BundlePath);
        predictor.Observe(TestData.Btc(predictor.RequiredHistory + 1));
        var prediction = predictor.PredictNextMinute();
        Assert.True(double.IsFinite(prediction.PredictedPrice));

        var torchAssemblies = AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetName().Name ?? string.Empty)
            .Where(n => n.Contains("Torch", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        Assert.Empty(torchAssemblies);

        string maps = File.ReadAllText("/proc/self/maps");
        Assert.Contains("onnxruntime", maps, StringComparison.Ordinal);   // the check can see native libraries
        Assert.DoesNotContain("libtorch", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("LibTorchSharp", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("libc10", maps, StringComparison.Ordinal);

        // Nor is libtorch even deployed next to the tests.
        Assert.Empty(Directory.GetFiles(AppContext.BaseDirectory, "*torch*", SearchOption.AllDirectories));
    }
}
