using System.Text.Json;
using PredictionSdk.Data;
using PredictionSdk.Tests;

namespace PredictionSdk.Cli.Tests;

/// <summary><c>psdk predict</c> and <c>psdk stream</c> print predictions that follow <c>docs/prediction.schema.json</c>.</summary>
public sealed class PredictionContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-contract-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Predict_prints_one_prediction_in_the_contract()
    {
        var (exit, output, error) = await Psdk.RunAsync("predict", "--model", Psdk.SampleModel, "--input", Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"), "--horizon", "5");

        Assert.True(exit == 0, error);
        PredictionSchema.AssertValid(output);
        var prediction = PredictionJson.Deserialize(output);
        Assert.Equal(5, prediction.Horizon);
        Assert.Equal((await CandleFile.ReadAllAsync(Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz")))[^1].Timestamp, prediction.Timestamp);
        Assert.False(prediction.IsPreview);
    }

    [Fact]
    public async Task Stream_prints_every_prediction_in_the_contract()
    {
        // The first 1,300 minutes of the bundled month: enough to warm the sample model up and predict a few hundred times.
        var bars = (await CandleFile.ReadAllAsync(Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"))).Take(1_300).ToList();
        string input = Path.Combine(_dir, "BTCUSDT-1m-2024-01.csv");
        await CandleFile.WriteAsync(input, bars);

        var (exit, output, error) = await Psdk.RunAsync("stream", "--input", input, "--symbols", "BTC-USDT", "--speed", "max", "--model", Psdk.Model);

        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 100, $"{lines.Length} predictions; {error}");
        foreach (string line in lines)
        {
            PredictionSchema.AssertValid(line);
        }

        var predictions = lines.Select(PredictionJson.Deserialize).ToList();
        Assert.Equal(bars[^1].Timestamp, predictions.Max(p => p.Timestamp));
        Assert.Equal([1, 5], predictions.Select(p => p.Horizon).Distinct().Order());
    }
}
