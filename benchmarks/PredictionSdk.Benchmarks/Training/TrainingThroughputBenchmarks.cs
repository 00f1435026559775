using BenchmarkDotNet.Attributes;
using PredictionSdk.Data;
using PredictionSdk.Models.Training;

namespace PredictionSdk.Benchmarks.Training;

/// <summary>
/// One training epoch of the default Hybrid network (default features, window 32, horizons 1/5/15, batch 256,
/// torch threads = half the cores) on the first 8,000 bundled BTC minute bars. Setup prints the number of
/// training samples per epoch; throughput = that count ÷ the mean time (the validation pass adds about 5 %).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
[MemoryDiagnoser(false)]
public class TrainingThroughputBenchmarks
{
    private ModelTrainer _trainer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var candles = CandleFile.ReadAllAsync(Path.Combine(AppContext.BaseDirectory, "data", "BTCUSDT-1m-2024-01.csv.gz")).GetAwaiter().GetResult();
        _trainer = new ModelTrainer(new TrainerOptions { Symbol = Symbol.Parse("BTC-USD"), HoldoutFraction = 0.1, ValidationSplit = 0.05 });
        _trainer.PrepareData(candles.Take(8000).ToArray());
        _trainer.ConfigureModel(new HybridModelOptions());
        Console.WriteLine($"// training samples per epoch: {_trainer.Data.Fit.Count}, validation samples: {_trainer.Data.Validation.Count}");
    }

    /// <summary>One epoch over the fit samples, then the validation pass.</summary>
    [Benchmark]
    public Task<TrainingHistory> HybridEpoch() => _trainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 256, EarlyStopping = false });

    [GlobalCleanup]
    public void Cleanup() => _trainer.Dispose();
}
