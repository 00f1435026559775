using System.Globalization;
using System.Text.Json;

namespace PredictionSdk.Cli.Tests;

/// <summary>
/// <c>--external</c> on baselines, train, predict and stream. Each test uses its own series name: the series store is
/// shared by everything in the process.
/// </summary>
public sealed class ExternalSeriesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-external-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Near => Psdk.Bundled("NEARUSDT-1m-2023-02-01.csv.gz");

    /// <summary>
    /// Writes each bar's own return (close / open) stamped at the bar's open time: public at its close, one minute
    /// later, so it needs a publication lag of 1m. Joined with lag 0 it reveals the next bar's return.
    /// </summary>
    private async Task<string> WriteBarReturnsAsync(string name)
    {
        var bars = await PredictionSdk.Data.CandleFile.ReadAllAsync(Near);
        string path = Path.Combine(_dir, name + ".csv");
        await File.WriteAllLinesAsync(path, ["timestamp,value", .. bars.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Timestamp:yyyy-MM-ddTHH:mm:ssZ},{Math.Log(b.Close / b.Open):R}"))]);
        return path;
    }

    private static double RidgeAccuracy(string jsonFile)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(jsonFile));
        var ridge = json.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "ridge+logistic");
        return ridge.GetProperty("horizons")[0].GetProperty("directionalAccuracy").GetDouble();
    }

    [Theory]
    [InlineData("news", "--external 'news' must be NAME=FILE")]
    [InlineData("news=a.csv,lag=soon", "--external news lag 'soon' is not a duration")]
    [InlineData("news=a.csv,speed=2", "unknown setting 'speed=2'")]
    [InlineData("bad name=a.csv", "--external 'bad name=a.csv':")]
    [InlineData("news=a.csv,max-age=0s", "MaxAge must be positive")]
    public async Task A_malformed_external_argument_is_bad_input_naming_it_before_any_data_is_read(string value, string message)
    {
        string missing = Path.Combine(_dir, "no-such-file.csv.gz");
        var (exit, output, error) = await Psdk.RunAsync("baselines", "--input", missing, "--symbol", "NEAR-USDT", "--external", value);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_and_settings_are_parsed_into_the_spec()
    {
        var argument = ExternalSeriesArguments.ParseOne("funding=f.csv.gz,lag=90s,max-age=8h,allow-missing,column=rate");
        var spec = argument.ToSpec();
        Assert.Equal(("funding", "f.csv.gz", "rate"), (argument.Name, argument.File, argument.Column));
        Assert.Equal(TimeSpan.FromSeconds(90), spec.PublicationLag);
        Assert.Equal(TimeSpan.FromHours(8), spec.MaxAge);
        Assert.True(spec.AllowMissing);
        Assert.Equal(TimeSpan.FromMinutes(5), ExternalSeriesArguments.ParseDuration("00:05:00", "x"));
        Assert.Equal(TimeSpan.FromDays(1.5), ExternalSeriesArguments.ParseDuration("1.5d", "x"));
        Assert.Throws<ArgumentException>(() => ExternalSeriesArguments.Parse(["a=x.csv", "a=y.csv"]));
    }

    [Fact]
    public async Task Baselines_measure_the_series_by_ablation_and_the_lag_decides_what_it_may_reveal()
    {
        string returns = await WriteBarReturnsAsync("near_ret_ablation");
        string lagged = Path.Combine(_dir, "lagged.json"), unlagged = Path.Combine(_dir, "unlagged.json");

        var (exit, output, error) = await Psdk.RunAsync("baselines", "--input", Near, "--symbol", "NEAR-USDT", "--horizon", "1", "--folds", "2",
            "--external", $"near_ret_ablation={returns},lag=1m,max-age=5m", "--json-out", lagged);
        Assert.True(exit == 0, error);
        Assert.Contains("features ohlcv**", output, StringComparison.Ordinal);
        Assert.Contains("features ohlcv+near_ret_ablation**", output, StringComparison.Ordinal);
        Assert.Contains("window 32 × 77 features", output, StringComparison.Ordinal);
        Assert.Contains("window 32 × 79 features", output, StringComparison.Ordinal);
        string without = Path.Combine(_dir, "lagged-ohlcv.json"), with = Path.Combine(_dir, "lagged-ohlcv+near_ret_ablation.json");
        using (var a = JsonDocument.Parse(File.ReadAllText(without)))
        using (var b = JsonDocument.Parse(File.ReadAllText(with)))
        {
            // Same test minutes in both tables, so the two scores compare.
            Assert.Equal(a.RootElement.GetProperty("samples").GetInt32(), b.RootElement.GetProperty("samples").GetInt32());
            Assert.Equal(a.RootElement.GetProperty("from").GetDateTime(), b.RootElement.GetProperty("from").GetDateTime());
        }

        // Lag 1m: the series holds the current bar's own return, already among the price features: no edge.
        Assert.InRange(RidgeAccuracy(with) - RidgeAccuracy(without), -0.1, 0.1);

        // Lag 0 publishes each value a minute early: the row sees the next bar's return and the table shows it.
        (exit, _, error) = await Psdk.RunAsync("baselines", "--input", Near, "--symbol", "NEAR-USDT", "--horizon", "1", "--folds", "2",
            "--external", $"near_ret_ablation={returns},lag=0s,max-age=5m", "--json-out", unlagged);
        Assert.True(exit == 0, error);
        Assert.InRange(RidgeAccuracy(Path.Combine(_dir, "unlagged-ohlcv+near_ret_ablation.json")) - RidgeAccuracy(Path.Combine(_dir, "unlagged-ohlcv.json")), 0.2, 1.0);
    }

    [Fact]
    public async Task A_bad_row_in_an_external_file_names_the_file_line_and_field()
    {
        string path = Path.Combine(_dir, "bad.csv");
        await File.WriteAllLinesAsync(path, ["timestamp,value", "2023-02-01T00:00:00Z,0.1", "2023-02-01T00:01:00Z,high"]);
        var (exit, _, error) = await Psdk.RunAsync("baselines", "--input", Near, "--symbol", "NEAR-USDT", "--external", $"near_bad={path}");
        Assert.Equal(2, exit);
        Assert.Contains($"{path} line 3, field 'value': 'high' is not a finite number", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_trained_with_a_series_predicts_and_streams_with_it_and_names_it_when_it_is_missing()
    {
        string returns = await WriteBarReturnsAsync("near_ret_model");
        string model = Path.Combine(_dir, "near-ext.psdk");
        string series = $"near_ret_model={returns},lag=1m,max-age=5m";
        var (exit, output, error) = await Psdk.RunAsync("train", "--input", Near, "--symbol", "NEAR-USDT", "--horizon", "1", "--epochs", "1",
            "--external", series, "--output", model);
        Assert.True(exit == 0, error + output);
        Assert.Contains("79 features", output, StringComparison.Ordinal);

        (exit, output, error) = await Psdk.RunAsync("predict", "--model", model, "--input", Near);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("reads the external series 'near_ret_model' (lag 00:01:00, max age 00:05:00); pass --external near_ret_model=FILE", error, StringComparison.Ordinal);

        (exit, _, error) = await Psdk.RunAsync("predict", "--model", model, "--input", Near, "--external", $"near_ret_model={returns},lag=2m");
        Assert.Equal(2, exit);
        Assert.Contains("was trained with lag 00:01:00", error, StringComparison.Ordinal);

        (exit, output, error) = await Psdk.RunAsync("predict", "--model", model, "--input", Near, "--external", $"near_ret_model={returns}");
        Assert.True(exit == 0, error);
        using (var prediction = JsonDocument.Parse(output))
        {
            Assert.Equal("NEAR-USDT", prediction.RootElement.GetProperty("symbol").GetString());
        }

        (exit, _, error) = await Psdk.RunAsync("evaluate", "--model", model, "--input", Near, "--folds", "2");
        Assert.Equal(2, exit);
        Assert.Contains("pass --external near_ret_model=FILE", error, StringComparison.Ordinal);

        (exit, output, error) = await Psdk.RunAsync("evaluate", "--model", model, "--input", Near, "--folds", "2", "--external", $"near_ret_model={returns}");
        Assert.True(exit == 0, error);
        Assert.Contains("window 32 × 79 features", output, StringComparison.Ordinal);
        Assert.Contains("(bundle)", output, StringComparison.Ordinal);

        (exit, _, error) = await Psdk.RunAsync("stream", "--input", Near, "--symbols", "NEAR-USDT", "--model", model);
        Assert.Equal(2, exit);
        Assert.Contains("pass --external near_ret_model=FILE", error, StringComparison.Ordinal);

        (exit, output, error) = await Psdk.RunAsync("stream", "--input", Near, "--symbols", "NEAR-USDT", "--model", model, "--workers", "1", "--external", series);
        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 100, error);
        Assert.Contains($"predictions {lines.Length},", error, StringComparison.Ordinal);

        // A series the model does not read is refused rather than silently ignored.
        (exit, _, error) = await Psdk.RunAsync("predict", "--model", Psdk.SampleModel, "--input", Near, "--external", $"near_ret_model={returns}");
        Assert.Equal(2, exit);
        Assert.Contains("reads no external series", error, StringComparison.Ordinal);
    }
}
