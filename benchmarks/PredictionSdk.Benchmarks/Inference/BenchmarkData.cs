using PredictionSdk.Data;

namespace PredictionSdk.Benchmarks.Inference;

internal static class BenchmarkData
{
    public static IReadOnlyList<Candle> Btc() =>
        CandleFile.ReadAllAsync(Path.Combine(AppContext.BaseDirectory, "data", "BTCUSDT-1m-2024-01.csv.gz")).GetAwaiter().GetResult();
}
