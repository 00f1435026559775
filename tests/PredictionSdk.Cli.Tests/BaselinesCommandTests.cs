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
}
