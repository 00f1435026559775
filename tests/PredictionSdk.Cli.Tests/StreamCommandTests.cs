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
        Assert.True(last.RootElement.GetProperty("final").GetBoolean());
        Assert.InRange(last.RootElement.GetProperty("rsi").GetDouble(), 0, 100);
        Assert.Contains("candles 8190, predictions 0, drops 0, reconnects 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_file_is_named()
    {
        var (exit, _, error) = await Psdk.RunAsync("stream", "--input", "nope/BTCUSDT-1m.csv.gz");

        Assert.Equal(4, exit);
        Assert.Contains("nope/BTCUSDT-1m.csv.gz", error, StringComparison.Ordinal);
    }
}
