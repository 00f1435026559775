using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Cli.Tests;

/// <summary>--context on psdk baselines (ablation), train (the bundle records the symbols) and stream (replay needs their files).</summary>
public sealed class ContextCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-context-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Near => Psdk.Bundled("NEARUSDT-1m-2023-02-01.csv.gz");

    private static string Fil => Psdk.Bundled("FILUSDT-1m-2023-02-01.csv.gz");

    [Fact]
    public async Task Baselines_print_each_feature_set_without_and_with_the_context_symbols()
    {
        var (exit, output, error) = await Psdk.RunAsync(
            "baselines", "--input", Near, "--symbol", "NEAR-USDT", "--horizon", "1", "--folds", "2", "--features", "ohlcv,orderflow", "--context", $"FIL-USDT={Fil}");
        Assert.True(exit == 0, error);
        Assert.Contains("features ohlcv**", output, StringComparison.Ordinal);
        Assert.Contains("features ohlcv+context**", output, StringComparison.Ordinal);
        Assert.Contains("features orderflow+context**", output, StringComparison.Ordinal);
        Assert.Contains("window 32 × 83 features", output, StringComparison.Ordinal); // 77 + 5 context values + age
        Assert.Contains("window 32 × 96 features", output, StringComparison.Ordinal); // 88 + 7 (with taker-buy shares) + age

        (exit, _, error) = await Psdk.RunAsync("baselines", "--input", Near, "--symbol", "NEAR-USDT", "--context", Fil);
        Assert.Equal(2, exit);
        Assert.Contains("must be SYMBOL=FILE", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_records_the_context_and_stream_replays_it_only_with_the_context_file()
    {
        string bundle = Path.Combine(_dir, "near-fil.psdk");
        var (exit, output, error) = await Psdk.RunAsync(
            "train", "--input", Near, "--symbol", "NEAR-USDT", "--context", $"FIL-USDT={Fil}", "--horizon", "1,5", "--epochs", "1", "--output", bundle);
        Assert.True(exit == 0, error);
        Assert.Contains("Context: FIL-USDT (1,440 bars); 0 rows dropped", output, StringComparison.Ordinal);
        Assert.Equal([Symbol.Parse("FIL-USDT")], ModelBundle.Load(bundle).ContextSymbols);

        (exit, _, error) = await Psdk.RunAsync("stream", "--input", Near, "--symbols", "NEAR-USDT", "--model", bundle, "--speed", "max");
        Assert.Equal(2, exit);
        Assert.Contains("the model reads context symbol(s) FIL-USDT: give each a file with --context FIL-USDT=FILE", error, StringComparison.Ordinal);

        (exit, output, error) = await Psdk.RunAsync(
            "stream", "--input", Near, "--symbols", "NEAR-USDT", "--model", bundle, "--speed", "max", "--context", $"FIL-USDT={Fil}", "--workers", "2");
        Assert.True(exit == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 100, $"{lines.Length} predictions; {error}");
        Assert.All(lines, line => Assert.Contains("\"symbol\":\"NEAR-USDT\"", line, StringComparison.Ordinal));
        Assert.True(error.Contains("context late 0, context stale 0", StringComparison.Ordinal), error);
    }
}
