namespace PredictionSdk.Cli.Tests;

public sealed class BaselinesCommandTests
{
    [Fact]
    public async Task An_unknown_deep_model_is_named_before_any_data_is_read()
    {
        string missing = Path.Combine(Path.GetTempPath(), "psdk-no-such-file.csv.gz");
        var (exit, _, error) = await Psdk.RunAsync("baselines", "--input", missing, "--symbol", "BTC-USDT", "--deep", "hybrid,gru");
        Assert.Equal(2, exit);
        Assert.Equal("error: Unknown model 'gru'. Use hybrid, lstm or transformer.", error.Trim());
    }

    [Fact]
    public async Task Features_print_one_table_per_set_with_the_spread_columns_and_the_reversal_baseline()
    {
        string near = Path.Combine(AppContext.BaseDirectory, "data", "NEARUSDT-1m-2023-02-01.csv.gz");
        var (exit, output, error) = await Psdk.RunAsync("baselines", "--input", near, "--symbol", "NEAR-USDT", "--horizon", "1", "--folds", "2", "--features", "ohlcv,orderflow");
        Assert.True(exit == 0, error);
        Assert.Contains("features ohlcv**", output, StringComparison.Ordinal);
        Assert.Contains("features orderflow**", output, StringComparison.Ordinal);
        Assert.Contains("window 32 × 77 features", output, StringComparison.Ordinal);
        Assert.Contains("window 32 × 88 features", output, StringComparison.Ordinal);
        Assert.Contains("| reversal |", output, StringComparison.Ordinal);
        Assert.Contains("acc. > spread", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_flow_features_on_a_file_without_order_flow_are_bad_input()
    {
        string btc = Path.Combine(AppContext.BaseDirectory, "data", "BTCUSDT-1m-2024-01.csv.gz");
        var (exit, _, error) = await Psdk.RunAsync("baselines", "--input", btc, "--symbol", "BTC-USDT", "--features", "orderflow");
        Assert.Equal(2, exit);
        Assert.Contains("--features orderflow needs quote volume", error, StringComparison.Ordinal);
    }
}
