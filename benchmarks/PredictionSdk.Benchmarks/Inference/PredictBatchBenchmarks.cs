using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PredictionSdk.Models;

namespace PredictionSdk.Benchmarks.Inference;

/// <summary>
/// <see cref="StockCryptoPredictor.PredictBatch"/> from cold histories: 64 symbols, each given exactly
/// <see cref="StockCryptoPredictor.RequiredHistory"/> bars, so every call warms 64 fresh feature pipelines and then
/// runs one batched inference (the default Hybrid).
/// </summary>
[Config(typeof(Config))]
public class PredictBatchBenchmarks : InferenceBenchmarkBase
{
    public const int Symbols = 64;
    private StockCryptoPredictor _predictor = null!;
    private List<KeyValuePair<Symbol, IReadOnlyList<Candle>>> _histories = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup();
        _predictor = new StockCryptoPredictor(Symbol.Parse("BTC-USD"), Interval.OneMinute);
        _predictor.LoadModel(BundlePath);
        int need = _predictor.RequiredHistory;
        _histories = Enumerable.Range(0, Symbols)
            .Select(i => new KeyValuePair<Symbol, IReadOnlyList<Candle>>(Symbol.Parse($"S{i}-USD"), Candles.AsSpan(6000 + (i * 30), need).ToArray()))
            .ToList();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _predictor.Dispose();
        File.Delete(BundlePath);
    }

    [Benchmark(OperationsPerInvoke = Symbols, Description = "PredictBatch, 64 cold histories (per symbol)")]
    public int PredictBatch() => _predictor.PredictBatch(_histories).Count;

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
