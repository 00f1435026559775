using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using PredictionSdk.Data;
using PredictionSdk.Indicators;

namespace PredictionSdk.Cli.Tests;

public sealed class IndicatorsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-ind-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Writes_one_row_per_bar_with_the_standard_columns()
    {
        string output = Path.Combine(_dir, "qqq-indicators.csv");
        var (exit, stdout, stderr) = await Psdk.RunAsync("indicators", "--input", Psdk.Bundled("QQQ-1m-2025-05.csv.gz"), "--output", output);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Wrote 8190 rows", stdout, StringComparison.Ordinal);

        string[] lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(["timestamp", .. IndicatorSet.StandardColumns], lines[0].Split(','));
        Assert.Equal(8191, lines.Length);

        IReadOnlyList<Candle> candles = await CandleFile.ReadAllAsync(Psdk.Bundled("QQQ-1m-2025-05.csv.gz"));
        IReadOnlyList<RsiResult> rsi = candles.GetRsi(14);
        IReadOnlyList<MacdResult> macd = candles.GetMacd();
        int rsiColumn = Array.IndexOf(lines[0].Split(','), "rsi14");
        int signalColumn = Array.IndexOf(lines[0].Split(','), "macd_signal");
        foreach (int row in new[] { 0, 13, 14, 33, 34, 4000, 8189 })
        {
            string[] cells = lines[row + 1].Split(',');
            Assert.Equal(candles[row].Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(Cell(rsi[row].Rsi), cells[rsiColumn]);
            Assert.Equal(Cell(macd[row].Signal), cells[signalColumn]);
        }

        Assert.Equal(string.Empty, lines[1].Split(',')[rsiColumn]);

        // Ichimoku as plotted: the lagging span on row i is the close 26 rows later, empty on the last 26 rows.
        int chikou = Array.IndexOf(lines[0].Split(','), "ichi_chikou");
        Assert.Equal(Cell(candles[126].Close), lines[101].Split(',')[chikou]);
        Assert.Equal(string.Empty, lines[8190 - 25].Split(',')[chikou]);
        Assert.Equal(Cell(candles[8189].Close), lines[8190 - 26].Split(',')[chikou]);
        IReadOnlyList<IchimokuResult> ichimoku = candles.GetIchimoku();
        int senkouB = Array.IndexOf(lines[0].Split(','), "ichi_senkou_b");
        Assert.Equal(Cell(ichimoku[4000].SenkouSpanB), lines[4001].Split(',')[senkouB]);
        Assert.Equal(Cell(ichimoku[4000].ChikouSpan), lines[4001].Split(',')[chikou]);
    }

    [Fact]
    public async Task Writes_gzip_when_asked()
    {
        string output = Path.Combine(_dir, "btc.csv.gz");
        var (exit, _, stderr) = await Psdk.RunAsync("indicators", "-i", Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"), "-o", output);
        Assert.True(exit == 0, stderr);
        await using var gzip = new GZipStream(File.OpenRead(output), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        Assert.StartsWith("timestamp,sma20,", await reader.ReadLineAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsorted_input_fails_naming_the_row()
    {
        string input = Path.Combine(_dir, "unsorted.csv");
        await File.WriteAllLinesAsync(input,
        [
            "timestamp,open,high,low,close,volume",
            "2024-01-01T00:00:00Z,1,2,0.5,1.5,10",
            "2024-01-01T00:02:00Z,1,2,0.5,1.5,10",
            "2024-01-01T00:01:00Z,1,2,0.5,1.5,10",
        ]);
        var (exit, _, stderr) = await Psdk.RunAsync("indicators", "--input", input, "--output", Path.Combine(_dir, "out.csv"));
        Assert.Equal(2, exit);
        Assert.Contains("candle 2", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_input_fails_cleanly()
    {
        var (exit, _, stderr) = await Psdk.RunAsync("indicators", "--input", Path.Combine(_dir, "nope.csv"), "--output", Path.Combine(_dir, "out.csv"));
        Assert.Equal(4, exit);
        Assert.Contains("nope.csv", stderr, StringComparison.Ordinal);
    }

    private static string Cell(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
}
