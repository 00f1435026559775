using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Training;

namespace PredictionSdk.Benchmarks.Inference;

/// <summary>Shared setup: the default Hybrid (default features, window 32, horizons 1/5/15), briefly trained on BTC minutes.</summary>
public abstract class InferenceBenchmarkBase
{
    protected ModelBundle Bundle { get; private set; } = null!;

    protected string BundlePath { get; private set; } = null!;

    protected Candle[] Candles { get; set; } = null!;

    protected void Setup()
    {
        TorchThreads.Configure(1);
        Candles = BenchmarkData.Btc().ToArray();
        using var trainer = new ModelTrainer(new TrainerOptions { Symbol = Symbol.Parse("BTC-USD"), TorchThreads = 1 });
        trainer.PrepareData(Candles.Take(6000).ToArray());
        trainer.ConfigureModel(new HybridModelOptions());
        trainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 256, EarlyStopping = false }).GetAwaiter().GetResult();
        Bundle = trainer.BuildBundle();
        BundlePath = Path.Combine(Path.GetTempPath(), $"psdk-bench-{Environment.ProcessId}.psdk");
        Bundle.Save(BundlePath);
    }
}

/// <summary>
/// One prediction end to end from the latest closed candle: feature update (multi-scale pipeline, scaler,
/// window) plus inference, one call per iteration so that the percentiles are per call.
/// </summary>
[Config(typeof(Config))]
public class SinglePredictionBenchmarks : InferenceBenchmarkBase
{
    private StockCryptoPredictor _predictor = null!;
    private TorchForecaster _torch = null!;
    private FeaturePipeline _pipeline = null!;
    private float[] _ring = null!;
    private float[] _window = null!;
    private readonly HorizonForecast[] _output = new HorizonForecast[3];
    private DateTime _clock;
    private int _next;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup();
        _predictor = new StockCryptoPredictor(Symbol.Parse("BTC-USD"), Interval.OneMinute);
        _predictor.LoadModel(BundlePath);
        _torch = Bundle.CreateForecaster();
        _pipeline = new FeaturePipeline(Bundle.FeatureSpec);
        _ring = new float[Bundle.FeatureSpec.WindowLength * _pipeline.FeatureCount];
        _window = new float[_ring.Length];
        _clock = Candles[0].Timestamp;
        for (int i = 0; i < 3000; i++)
        {
            var bar = NextBar();
            _predictor.Observe(bar);
            TorchObserve(bar);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _predictor.Dispose();
        _torch.Dispose();
        File.Delete(BundlePath);
    }

    [Benchmark(Baseline = true, Description = "ONNX Runtime: Observe + PredictNextMinute")]
    public double Onnx()
    {
        _predictor.Observe(NextBar());
        return _predictor.PredictNextMinute().PredictedPrice;
    }

    [Benchmark(Description = "TorchSharp eager: feature update + Forecast")]
    public float Torch()
    {
        TorchObserve(NextBar());
        int features = _pipeline.FeatureCount;
        int rows = _ring.Length / features;
        int oldest = (int)(_pipeline.Count % rows);
        for (int r = 0; r < rows; r++)
        {
            _ring.AsSpan(((oldest + r) % rows) * features, features).CopyTo(_window.AsSpan(r * features, features));
        }

        _torch.Forecast(_window, _output);
        return _output[0].Q50;
    }

    private void TorchObserve(in Candle bar)
    {
        int features = _pipeline.FeatureCount;
        int rows = _ring.Length / features;
        int slot = (int)(_pipeline.Count % rows);
        Bundle.Scaler.Transform(_pipeline.Update(bar), _ring.AsSpan(slot * features, features));
    }

    private Candle NextBar()
    {
        // Replays the file forever on a continuous clock.
        var source = Candles[_next++ % Candles.Length];
        _clock = _clock.AddMinutes(1);
        return source with { Timestamp = _clock };
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(50).WithIterationCount(1000).WithInvocationCount(1).WithUnrollFactor(1).WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, new P99Column());
        }
    }
}
