using System.Text.Json.Nodes;

namespace PredictionSdk.Cli.Tests;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("psdk-simulate-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_adaptive_loop_that_never_changes_the_model_scores_exactly_as_the_static_run_and_writes_every_key()
    {
        string json = Path.Combine(_folder, "sim.json");
        var (exit, output, error) = await Psdk.RunAsync(
            "simulate", "--input", Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"), "--model", Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk"),
            "--adaptive", "--no-drift-retrain", "--max-bars", "600", "--json-out", json);

        Assert.True(exit == 0, error);
        Assert.Contains("| static |", output, StringComparison.Ordinal);
        var result = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        foreach (string key in new[] { "static", "adaptive", "retrains", "promotions", "rollbacks" })
        {
            Assert.True(result.ContainsKey(key), key);
        }

        // No retrain and no challenger: the loop serves the champion on the same bars, so every score is the same.
        foreach (string metric in new[] { "direction_accuracy", "log_loss", "coverage90", "samples" })
        {
            Assert.NotNull(result["static"]![metric]);
            Assert.Equal(result["static"]![metric]!.ToJsonString(), result["adaptive"]![metric]!.ToJsonString());
        }

        // 600 bars, horizon 1: every bar after the model's warm-up is predicted and scored.
        Assert.InRange((int)result["static"]!["samples"]!, 300, 599);
        Assert.Empty(result["retrains"]!.AsArray());
        Assert.Empty(result["promotions"]!.AsArray());
    }

    [Fact]
    public async Task Fewer_bars_than_the_model_needs_are_bad_input_instead_of_an_empty_table()
    {
        string json = Path.Combine(_folder, "few.json");
        var (exit, output, error) = await Psdk.RunAsync(
            "simulate", "--input", Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"), "--model", Psdk.SampleModel, "--max-bars", "100", "--json-out", json);

        Assert.Equal(2, exit);
        Assert.Matches(@"^error: 100 bars to simulate, but the model btc-tiny-hybrid\.psdk needs [0-9,]+ before its first prediction", error);
        Assert.DoesNotContain("| static |", output, StringComparison.Ordinal);
        Assert.False(File.Exists(json));
    }

    [Theory]
    [InlineData("--retrain-every", "6x", "--retrain-every '6x' must be a positive duration")]
    [InlineData("--drift", "cusum", "--drift 'cusum' must be adwin, page-hinkley or both")]
    public async Task Bad_settings_are_refused_naming_the_option(string option, string value, string message)
    {
        var (exit, _, error) = await Psdk.RunAsync(
            "simulate", "--input", Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"), "--model", Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk"),
            "--adaptive", option, value, "--max-bars", "10");

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
