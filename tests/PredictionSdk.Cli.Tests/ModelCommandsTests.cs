using System.Text.Json;

namespace PredictionSdk.Cli.Tests;

/// <summary>predict, evaluate and calibrate check the data's interval against the bundle's.</summary>
public sealed class ModelCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Predict_prints_the_prediction_of_the_bundles_interval()
    {
        var (exit, output, error) = await Psdk.RunAsync("predict", "--model", Psdk.SampleModel, "--input", Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"), "--horizon", "5");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("1m", json.RootElement.GetProperty("interval").GetString());
        Assert.Equal(5, json.RootElement.GetProperty("horizon").GetInt32());
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("evaluate")]
    [InlineData("calibrate")]
    public async Task Five_minute_bars_are_refused_by_a_one_minute_model(string command)
    {
        string fiveMinutes = Path.Combine(_dir, "btc-5m.csv.gz");
        Assert.Equal(0, (await Psdk.RunAsync("data", "resample", "--input", Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"), "--interval", "5m", "--output", fiveMinutes)).Exit);

        var (exit, output, error) = await Psdk.RunAsync(command, "--model", Psdk.SampleModel, "--input", fiveMinutes);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"error: {fiveMinutes}: the bars are 5m apart (5999 of 5999 steps between consecutive bars) but the model btc-tiny-hybrid.psdk uses 1m bars", error.Trim());
    }
}
