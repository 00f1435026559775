using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Onnx;
using PredictionSdk.Models.Training;

namespace PredictionSdk.Benchmarks.Inference;

/// <summary>
/// Batched inference throughput: <see cref="BatchSize"/> scaled windows per call
/// (the Mean column is per call; the Windows/s column divides the batch by it). ONNX Runtime on one core and split over two concurrent session calls, against
/// TorchSharp eager; for the default Hybrid (briefly trained in the setup) and the bundled tiny demo model.
/// </summary>
[Config(typeof(Config))]
public class BatchInferenceBenchmarks : InferenceBenchmarkBase
{
    private const int MaxBatch = 1024;
    private LoadedModel _oneCore = null!;
    private LoadedModel _twoCores = null!;
    private TorchForecaster _torch = null!;
    private float[] _windows = null!;
    private HorizonForecast[] _output = null!;
    private int _horizons;

    /// <summary>The model: <c>default</c> (default-size Hybrid) or <c>tiny</c> (samples/models/btc-tiny-hybrid.psdk).</summary>
    [Params("default", "tiny")]
    public string Model { get; set; } = "default";

    /// <summary>Windows per call.</summary>
    [Params(64, 256, 1024)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        ModelBundle bundle;
        if (Model == "tiny")
        {
            TorchThreads.Configure(1);
            Candles = BenchmarkData.Btc().ToArray();
            bundle = ModelBundle.Load(Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk"));
        }
        else
        {
            Setup();
            bundle = Bundle;
        }

        _oneCore = LoadedModel.FromBundle(bundle, options: new OnnxForecasterOptions { BatchParallelism = 1 });
        _twoCores = LoadedModel.FromBundle(bundle, options: new OnnxForecasterOptions { BatchParallelism = 2 });
        _torch = bundle.CreateForecaster();
        _horizons = bundle.Manifest.Horizons.Count;
        var data = SupervisedDataset.Build(Candles.Skip(6000).Take(4000).ToArray(), bundle.FeatureSpec).Scale(bundle.Scaler);
        _windows = new float[MaxBatch * data.WindowLength * data.FeatureCount];
        data.CopyWindows(0, MaxBatch, _windows);
        _output = new HorizonForecast[MaxBatch * _horizons];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _oneCore.Dispose();
        _twoCores.Dispose();
        _torch.Dispose();
        if (BundlePath is not null)
        {
            File.Delete(BundlePath);
        }
    }

    [Benchmark(Baseline = true, Description = "ONNX Runtime, 1 core + calibration")]
    public double OnnxOneCore() => RunOnnx(_oneCore);

    [Benchmark(Description = "ONNX Runtime, 2 cores + calibration")]
    public double OnnxTwoCores() => RunOnnx(_twoCores);

    [Benchmark(Description = "TorchSharp eager, 1 thread")]
    public float Torch()
    {
        _torch.ForecastBatch(Windows(), BatchSize, _output.AsSpan(0, BatchSize * _horizons));
        return _output[0].Q50;
    }

    private double RunOnnx(LoadedModel model)
    {
        model.Forecaster.ForecastBatch(Windows(), BatchSize, _output.AsSpan(0, BatchSize * _horizons));
        double sum = 0;
        var calibration = model.Calibration!;
        for (int i = 0; i < BatchSize; i++)
        {
            sum += calibration.Apply(_output[i * _horizons], 0).Confidence;
        }

        return sum;
    }

    private ReadOnlySpan<float> Windows() => _windows.AsSpan(0, _windows.Length / MaxBatch * BatchSize);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(new ThroughputColumn(nameof(BatchSize)));
        }
    }
}
