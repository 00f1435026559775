using PredictionSdk.Data;
using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Cli.Tests;

/// <summary>psdk train --pool (one model on several symbols) and --fine-tune-from (continue a bundle on new candles).</summary>
public sealed class TrainPoolingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-pool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Pool_trains_one_bundle_for_every_file_and_fine_tune_records_its_parent()
    {
        string btc = await SliceAsync("BTCUSDT-1m-2024-01.csv.gz", "BTCUSDT-1m-head.csv");
        string eth = await SliceAsync("ETHUSDT-1m-2024-01.csv.gz", "ETH-USDT.csv");
        string pooled = Path.Combine(_dir, "pool.psdk");

        var (exit, output, error) = await Psdk.RunAsync(
            "train", "--pool", $"{btc},ETH-USDT={eth}", "--model", "lstm", "--horizon", "1,5", "--epochs", "1", "--output", pooled);
        Assert.True(exit == 0, error);
        var bundle = ModelBundle.Load(pooled);
        Assert.Equal(["BTC-USDT", "ETH-USDT"], bundle.Manifest.Pool!.Select(m => m.Symbol));
        Assert.Contains("BTC-USDT 1m holdout (pooled on BTC-USDT, ETH-USDT)", output, StringComparison.Ordinal);
        Assert.Contains("ETH-USDT 1m holdout (pooled on BTC-USDT, ETH-USDT)", output, StringComparison.Ordinal);

        string tuned = Path.Combine(_dir, "tuned.psdk");
        (exit, output, error) = await Psdk.RunAsync("train", "--fine-tune-from", pooled, "--input", eth, "--symbol", "ETH-USDT", "--epochs", "1", "--output", tuned);
        Assert.True(exit == 0, error);
        Assert.Contains($"Fine-tuning {bundle.Version} (trained on BTC-USDT, ETH-USDT)", output, StringComparison.Ordinal);
        var child = ModelBundle.Load(tuned);
        Assert.Equal(bundle.Version, child.Manifest.FineTunedFrom!.Version);
        Assert.Equal("ETH-USDT", child.Manifest.Symbol);
        Assert.Equal(ModelType.Lstm, child.Manifest.ModelType);
        Assert.Equal(bundle.Manifest.Horizons, child.Manifest.Horizons);
    }

    [Fact]
    public async Task Pool_of_one_file_and_missing_input_are_refused()
    {
        string btc = await SliceAsync("BTCUSDT-1m-2024-01.csv.gz", "BTCUSDT-1m-head.csv");
        var (exit, _, error) = await Psdk.RunAsync("train", "--pool", btc, "--output", Path.Combine(_dir, "x.psdk"));
        Assert.Equal(2, exit);
        Assert.Contains("--pool needs at least two files", error, StringComparison.Ordinal);

        (exit, _, error) = await Psdk.RunAsync("train", "--output", Path.Combine(_dir, "x.psdk"));
        Assert.Equal(2, exit);
        Assert.Contains("--input and --symbol are required", error, StringComparison.Ordinal);
    }

    private async Task<string> SliceAsync(string bundled, string name)
    {
        var candles = await CandleFile.ReadAllAsync(Psdk.Bundled(bundled));
        string path = Path.Combine(_dir, name);
        await CandleFile.WriteAsync(path, candles.Take(1_500));
        return path;
    }
}
