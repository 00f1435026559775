using System.CommandLine;
using System.Globalization;

namespace PredictionSdk.Cli.Tests;

public sealed class BaselinesCommandTests
{
    [Fact]
    public async Task An_unknown_deep_model_is_named_before_any_data_is_read()
    {
        var root = CommandCatalog.CreateRoot();
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        string missing = Path.Combine(Path.GetTempPath(), "psdk-no-such-file.csv.gz");
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => root.Parse(["baselines", "--input", missing, "--symbol", "BTC-USDT", "--deep", "hybrid,gru"]).InvokeAsync(config));
        Assert.Contains("Unknown model 'gru'", ex.Message, StringComparison.Ordinal);
    }
}
