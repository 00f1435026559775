using PredictionSdk.Models.Onnx;
using PredictionSdk.Models.Training.Networks;
using PredictionSdk.Models.Training.Onnx;
using static TorchSharp.torch;

namespace PredictionSdk.Models.Training.Tests.Onnx;

public class ExportParityTests
{
    private const int Window = 12, Features = 7, Windows = 1000;
    private static readonly float[] TargetScale = [1f, 1.5f, 0.5f];

    public static TheoryData<string> Models => ["lstm", "bilstm", "transformer", "hybrid", "hybrid-bi"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Onnx_runtime_matches_torchsharp_on_1000_random_windows(string kind)
    {
        TorchThreads.Configure(1);
        ModelOptions options = kind switch
        {
            "lstm" => new LstmModelOptions { LstmUnits = [10, 6] },
            "bilstm" => new LstmModelOptions { LstmUnits = [8, 5], Bidirectional = true },
            "transformer" => new TransformerModelOptions { ModelDim = 16, AttentionHeads = 4, FeedForwardDim = 24, EncoderLayers = 2 },
            "hybrid" => new HybridModelOptions { LstmUnits = [10, 8], ModelDim = 8, AttentionHeads = 2, FeedForwardDim = 16, EncoderLayers = 1 },
            _ => new HybridModelOptions { LstmUnits = [6], Bidirectional = true, ModelDim = 12, AttentionHeads = 3, FeedForwardDim = 16, EncoderLayers = 2 },
        };
        manual_seed(kind.Length * 31);
        using var network = new ForecastNetwork(options, Window, Features, TargetScale);
        network.eval();

        var rng = new Random(kind.GetHashCode(StringComparison.Ordinal));
        float[] windows = OrtRunner.Random(rng, Windows * Window * Features, 3.0);
        float[] expected;
        using (no_grad())
        using (var input = tensor(windows, [Windows, Window, Features]))
        using (var output = network.call(input))
        {
            expected = output.data<float>().ToArray();
        }

        byte[] model = ForecastNetworkExporter.Export(network, options, Window, Features, TargetScale.Length);
        var (actual, shape) = OrtRunner.Run(model, OnnxForecaster.InputName, windows, Windows, Window, Features);

        Assert.Equal(new[] { Windows, TargetScale.Length, 4 }, shape);
        double maxError = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(maxError <= 1e-4, $"{kind}: max |torch − onnx| = {maxError:E2}");
        Assert.True(expected.Select(Math.Abs).Max() > 0.05, "outputs must not be trivially small");

        // The serving wrapper decodes the same numbers.
        using var torchForecaster = new TorchForecaster(network, options.ModelType, Window, Features, [1, 5, 15], ownsNetwork: false);
        using var onnxForecaster = new OnnxForecaster(model, Window, Features, [1, 5, 15]);
        var fromTorch = new HorizonForecast[3];
        var fromOnnx = new HorizonForecast[3];
        torchForecaster.Forecast(windows.AsSpan(0, Window * Features), fromTorch);
        onnxForecaster.Forecast(windows.AsSpan(0, Window * Features), fromOnnx);
        for (int h = 0; h < 3; h++)
        {
            Assert.Equal(fromTorch[h].Horizon, fromOnnx[h].Horizon);
            Assert.Equal(fromTorch[h].Q50, fromOnnx[h].Q50, 1e-4);
            Assert.Equal(fromTorch[h].UpProbability, fromOnnx[h].UpProbability, 1e-4);
        }
    }
}
