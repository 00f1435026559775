using PredictionSdk.Data;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Training.Tests;

internal static class TestData
{
    private static readonly Lazy<IReadOnlyList<Candle>> Btc = new(() => Read("BTCUSDT-1m-2024-01.csv.gz"));

    /// <summary>A small feature spec with a short warm-up, so tests need few bars.</summary>
    public static FeatureSpec SmallSpec { get; } = FeatureSpec.Default() with
    {
        WindowLength = 8,
        Horizons = [1, 5],
        RollingWindows = [5, 15],
        VolumeWindows = [15],
        MultiScaleIntervals = ["5m"],
    };

    public static IReadOnlyList<Candle> BtcMinutes(int count) => Btc.Value.Take(count).ToArray();

    public static TrainerOptions SmallOptions() => new()
    {
        Symbol = Symbol.Parse("BTC-USD"),
        Horizons = [1, 5],
        Features = SmallSpec,
        HoldoutFraction = 0.25,
        ValidationSplit = 0.25,
        TorchThreads = 1,
    };

    public static HybridModelOptions TinyHybrid(int seed = 7) => new()
    {
        LstmUnits = [8],
        ModelDim = 8,
        AttentionHeads = 2,
        FeedForwardDim = 16,
        EncoderLayers = 1,
        Dropout = 0.1,
        Seed = seed,
    };

    private static Candle[] Read(string name) =>
        [.. CandleFile.ReadAllAsync(Path.Combine(AppContext.BaseDirectory, "data", name)).GetAwaiter().GetResult()];
}
