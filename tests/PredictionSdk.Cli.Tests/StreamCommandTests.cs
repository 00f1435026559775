using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace PredictionSdk.Cli.Tests;

public sealed class StreamCommandTests
{
    [Fact]
    public async Task Replay_without_a_model_prints_one_json_line_per_closed_candle_and_a_summary()
    {
        var (exit, output, error) = await Psdk.RunAsync("stream", "--source", "replay", "--input", Psdk.Bundled("QQQ-1m-2025-05.csv.gz"), "--speed", "max", "--workers", "2");

        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8190, lines.Length);
        using var last = JsonDocument.Parse(lines[^1]);
        Assert.Equal("QQQ", last.RootElement.GetProperty("symbol").GetString());
        Assert.True(last.RootElement.GetProperty("is_final").GetBoolean());
        Assert.InRange(last.RootElement.GetProperty("technical_indicators").GetProperty("rsi").GetDouble(), 0, 100);
        Assert.Contains("candles 8190, predictions 0, drops 0, reconnects 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_replay_file_stops_with_its_line_and_field_and_a_non_zero_exit()
    {
        string path = Path.Combine(Path.GetTempPath(), $"psdk-bad-{Guid.NewGuid():N}-BTCUSDT-1m.csv");
        var lines = new List<string> { "timestamp,open,high,low,close,volume" };
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 3000; i++)
        {
            string close = i == 2498 ? "n/a" : "100.5";
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{start.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},100,101,99,{close},5"));
        }

        await File.WriteAllLinesAsync(path, lines);
        try
        {
            var run = Psdk.RunAsync("stream", "--input", path, "--symbols", "BTC-USDT");
            var (exit, output, error) = await run.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(2, exit);
            Assert.Empty(output);
            Assert.Contains($"source replay stopped: {path}:2500", error, StringComparison.Ordinal);
            Assert.Contains("'close'", error, StringComparison.Ordinal);
            Assert.Contains("reconnects 0", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Bars_of_another_interval_stop_the_stream_with_both_intervals_and_a_non_zero_exit()
    {
        string path = Path.Combine(Path.GetTempPath(), $"psdk-5m-{Guid.NewGuid():N}-BTCUSDT.csv");
        var lines = new List<string> { "timestamp,open,high,low,close,volume" };
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 500; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{start.AddMinutes(5 * i):yyyy-MM-ddTHH:mm:ssZ},100,101,99,100.5,5"));
        }

        await File.WriteAllLinesAsync(path, lines);
        try
        {
            var (exit, _, error) = await Psdk.RunAsync("stream", "--input", path, "--symbols", "BTC-USDT", "--speed", "max").WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(2, exit);
            Assert.Contains("source replay stopped: source 'replay' BTC-USDT bars: the bars are 5m apart", error, StringComparison.Ordinal);
            Assert.Contains("the BTC-USDT stream uses 1m bars", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_missing_input_file_is_named()
    {
        var (exit, _, error) = await Psdk.RunAsync("stream", "--input", "nope/BTCUSDT-1m.csv.gz");

        Assert.Equal(4, exit);
        Assert.Contains("nope/BTCUSDT-1m.csv.gz", error, StringComparison.Ordinal);
    }
}
