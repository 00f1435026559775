using PredictionSdk.Data;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Cli.Tests;

/// <summary><c>psdk train</c> validates its candles by default and reports what it repaired or dropped, on screen and in the bundle.</summary>
public sealed class TrainValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-train-validation-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Train_drops_a_zero_close_and_a_duplicate_by_default_and_reports_both_in_its_output_and_the_bundle()
    {
        var bars = (await CandleFile.ReadAllAsync(Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"))).Take(1_500).ToList();
        bars[200] = bars[200] with { Close = 0 };
        bars.Insert(701, bars[700] with { Close = bars[700].Close + 1 }); // a second row for minute 700
        string input = Path.Combine(_dir, "BTCUSDT-dirty.csv");
        await CandleFile.WriteAsync(input, bars);
        string bundle = Path.Combine(_dir, "dirty.psdk");

        var (exit, output, error) = await Psdk.RunAsync(
            "train", "--input", input, "--symbol", "BTC-USDT", "--model", "lstm", "--horizon", "1", "--epochs", "1", "--output", bundle);

        Assert.True(exit == 0, error);
        Assert.Contains("Validation: 1501 bars checked (repair): 1499 used, 0 repaired, 2 dropped", output, StringComparison.Ordinal);
        Assert.Contains("row 201 ", output, StringComparison.Ordinal);
        var quality = ModelBundle.Load(bundle).Manifest.DataQuality!;
        Assert.Equal(PredictionSdk.Validation.ValidationPolicy.Repair, quality.Policy);
        Assert.Equal((1501, 1499, 2), (quality.Rows, quality.Used, quality.Dropped));
        Assert.Equal(1, quality.Rules["nonPositivePrice"]);
        Assert.Equal(1, quality.Rules["duplicate"]);
    }
}
