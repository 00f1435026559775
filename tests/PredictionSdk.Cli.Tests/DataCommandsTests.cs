using System.CommandLine;
using System.Globalization;
using PredictionSdk.Data;

namespace PredictionSdk.Cli.Tests;

public sealed class DataCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-cli-").FullName;

    private string TempPath(string name) => Path.Combine(_dir, name);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Validate_bundled_stock_file_prints_session_gaps_and_passes()
    {
        var (exit, output, error) = await Psdk.RunAsync("data", "validate", "--input", Psdk.Bundled("QQQ-1m-2025-05.csv.gz"));
        Assert.True(exit == 0, error);
        Assert.Contains("[QQQ]", output, StringComparison.Ordinal);
        Assert.Contains("rows read         8190", output, StringComparison.Ordinal);
        Assert.Contains("gaps              0 (0 missing bars, 1 closed session(s) ignored)", output, StringComparison.Ordinal);
        Assert.Contains("Result: accepted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_lists_gaps_and_outliers_when_continuous()
    {
        var (exit, output, _) = await Psdk.RunAsync("data", "validate", "-i", Psdk.Bundled("QQQ-1m-2025-05.csv.gz"), "--gaps", "continuous", "--outlier-threshold", "5", "--max-listed", "3");
        Assert.Equal(0, exit);
        Assert.Contains("gaps              20 (", output, StringComparison.Ordinal);
        Assert.Contains("Gaps:\n  2025-05-01T20:00:00Z – 2025-05-02T13:29:00Z (1050 missing)", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Outliers:", output, StringComparison.Ordinal);
        Assert.Contains("… and 17 more", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_fails_on_a_malformed_row_naming_its_line()
    {
        string path = TempPath("bad.csv");
        await File.WriteAllTextAsync(path, "timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,1,1,5\n2024-01-01T00:01:00Z,1,2,1,1,5\n2024-01-01T00:02:00Z,1,2,oops,1,5\n");
        var (exit, _, error) = await Psdk.RunAsync("data", "validate", "--input", path, "--policy", "skip");
        Assert.Equal(2, exit);
        Assert.Contains("line 4", error, StringComparison.Ordinal);
        Assert.Contains("'low'", error, StringComparison.Ordinal);
        Assert.Contains("'oops'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_policy_decides_the_exit_code_and_repair_writes_clean_output()
    {
        string path = TempPath("dirty.csv");
        await File.WriteAllTextAsync(path, "timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,10,11,9,10.5,5\n2024-01-01T00:01:00Z,10,10.2,9,10.5,5\n2024-01-01T00:01:00Z,10,11,9,10.5,5\n");
        var rejected = await Psdk.RunAsync("data", "validate", "--input", path);
        Assert.Equal(2, rejected.Exit);
        Assert.Contains("row 2 (line 3)", rejected.Out, StringComparison.Ordinal);
        Assert.Contains("Result: rejected", rejected.Out, StringComparison.Ordinal);

        string cleaned = TempPath("clean.csv");
        var repaired = await Psdk.RunAsync("data", "validate", "--input", path, "--policy", "repair", "--output", cleaned);
        Assert.Equal(0, repaired.Exit);
        Assert.Contains("repaired rows     1", repaired.Out, StringComparison.Ordinal);
        Assert.Contains("skipped rows      1", repaired.Out, StringComparison.Ordinal);
        var candles = await CandleFile.ReadAllAsync(cleaned);
        Assert.Equal(2, candles.Count);
        Assert.Equal(10.5, candles[1].High);
    }

    [Fact]
    public async Task Validate_rejects_zero_and_negative_prices_naming_row_line_and_field()
    {
        string path = TempPath("prices.csv");
        await File.WriteAllTextAsync(path, "timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,10,11,9,10.5,5\n2024-01-01T00:01:00Z,10,11,9,0,5\n2024-01-01T00:02:00Z,-2,11,-2,10.5,5\n");
        var (exit, output, error) = await Psdk.RunAsync("data", "validate", "--input", path);
        Assert.Equal(2, exit);
        Assert.Contains("price ≤ 0         2", output, StringComparison.Ordinal);
        Assert.Contains("row 2 (line 3) 2024-01-01T00:01:00Z NonPositivePrice close=0", output, StringComparison.Ordinal);
        Assert.Contains("row 3 (line 4) 2024-01-01T00:02:00Z NonPositivePrice open=-2", output, StringComparison.Ordinal);
        Assert.Contains("data rejected", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("timestamp,open,high,low,close,volume\n")]
    public async Task Validate_an_empty_or_header_only_file_is_an_error(string content)
    {
        string path = TempPath("empty.csv");
        await File.WriteAllTextAsync(path, content);
        var (exit, output, error) = await Psdk.RunAsync("data", "validate", "--input", path);
        Assert.Equal(2, exit);
        Assert.Contains("Result: rejected (0 rows", output, StringComparison.Ordinal);
        Assert.Equal($"error: {path}: 0 rows (the file is empty or holds only a header)", error.Trim());
    }

    [Fact]
    public async Task Validate_numbers_a_bar_as_the_library_does()
    {
        var candles = (await CandleFile.ReadAllAsync(Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"))).Take(1000).ToList();
        candles[482] = candles[482] with { Volume = -1 };
        string path = TempPath("btc.csv");
        await CandleFile.WriteAsync(path, candles);

        var (_, output, _) = await Psdk.RunAsync("data", "validate", "--input", path);
        var library = new PredictionSdk.Data.Validation.CandleValidator().Validate(candles).Report;
        var issue = Assert.Single(library.Issues, i => i.IsError);
        Assert.Equal(483, issue.Row);
        Assert.Contains("row 483 (line 484) ", output, StringComparison.Ordinal);
        Assert.StartsWith("row 483 ", issue.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_keeps_the_first_row_of_a_repeated_time_and_refuses_invalid_rows_unless_told()
    {
        string path = TempPath("dupes.csv");
        await File.WriteAllTextAsync(path, "timestamp,open,high,low,close,volume\n" +
            "2024-01-01T00:00:00Z,10,11,9,10.5,5\n" +
            "2024-01-01T00:01:00Z,10,11,9,10.6,5\n" +
            "2024-01-01T00:01:00Z,10,11,9,10.9,5\n" +
            "2024-01-01T00:02:00Z,10,11,9,10.7,5\n");
        string db = TempPath("dupes.db");
        var first = await Psdk.RunAsync("data", "import", "--input", path, "--db", db, "--symbol", "BTC-USD");
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("Imported 3 candles", first.Out, StringComparison.Ordinal);
        Assert.Contains("1 repeating an earlier open time: the first row is kept", first.Out, StringComparison.Ordinal);
        Assert.Contains("row 3 (line 4) 2024-01-01T00:01:00Z Duplicate", first.Out, StringComparison.Ordinal);
        var again = await Psdk.RunAsync("data", "import", "--input", path, "--db", db, "--symbol", "BTC-USD");
        Assert.Contains("0 new or changed, 3 already stored", again.Out, StringComparison.Ordinal);

        string exported = TempPath("out.csv");
        Assert.Equal(0, (await Psdk.RunAsync("data", "export", "--db", db, "--symbol", "BTC-USD", "--output", exported)).Exit);
        Assert.Equal([10.5, 10.6, 10.7], (await CandleFile.ReadAllAsync(exported)).Select(c => c.Close));

        string bad = TempPath("zero.csv");
        await File.WriteAllTextAsync(bad, "timestamp,open,high,low,close,volume\n2024-01-01T00:03:00Z,10,11,9,10.5,5\n2024-01-01T00:04:00Z,10,11,9,0,5\n");
        var refused = await Psdk.RunAsync("data", "import", "--input", bad, "--db", db, "--symbol", "BTC-USD");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("nothing imported", refused.Err, StringComparison.Ordinal);
        Assert.Contains("row 2 (line 3)", refused.Err, StringComparison.Ordinal);
        Assert.Contains("close=0", refused.Err, StringComparison.Ordinal);
        var skipped = await Psdk.RunAsync("data", "import", "--input", bad, "--db", db, "--symbol", "BTC-USD", "--policy", "skip");
        Assert.True(skipped.Exit == 0, skipped.Err);
        Assert.Contains("Imported 1 candles", skipped.Out, StringComparison.Ordinal);
        Assert.Contains("NonPositivePrice close=0", skipped.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resample_writes_whole_bars()
    {
        string output = TempPath("btc-1h.parquet");
        var (exit, text, error) = await Psdk.RunAsync("data", "resample", "--input", Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"), "--interval", "1h", "--output", output);
        Assert.True(exit == 0, error);
        Assert.Contains("Wrote 500 1h bars", text, StringComparison.Ordinal);
        var hours = await CandleFile.ReadAllAsync(output);
        Assert.Equal(500, hours.Count);
        var minutes = await CandleFile.ReadAllAsync(Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"));
        Assert.Equal(minutes.Take(60).Sum(c => c.Volume), hours[0].Volume, 9);
        Assert.Equal(minutes.Take(60).Max(c => c.High), hours[0].High);

        var bad = await Psdk.RunAsync("data", "resample", "--input", Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"), "--interval", "7m", "--output", output);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("7m", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_is_idempotent_and_export_returns_the_range()
    {
        string db = TempPath("candles.db");
        var first = await Psdk.RunAsync("data", "import", "--input", Psdk.Bundled("ETHUSDT-1m-2024-01.csv.gz"), "--db", db, "--symbol", "ETH-USDT", "--batch-size", "5000", "--progress");
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("committed batch 5: 160 rows", first.Out, StringComparison.Ordinal);
        Assert.Contains("Imported 20160 candles as ETH-USDT 1m", first.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Left out", first.Out, StringComparison.Ordinal);
        Assert.Contains("20160 new or changed", first.Out, StringComparison.Ordinal);

        var again = await Psdk.RunAsync("data", "import", "--input", Psdk.Bundled("ETHUSDT-1m-2024-01.csv.gz"), "--db", db, "--symbol", "ETHUSDT");
        Assert.Contains("0 new or changed, 20160 already stored", again.Out, StringComparison.Ordinal);

        string exported = TempPath("day2.csv");
        var export = await Psdk.RunAsync("data", "export", "--db", db, "--symbol", "ETH-USDT", "--from", "2024-01-02", "--to", "2024-01-03T00:00:00Z", "--output", exported);
        Assert.True(export.Exit == 0, export.Err);
        Assert.Contains("Exported 1440", export.Out, StringComparison.Ordinal);
        var source = await CandleFile.ReadAllAsync(Psdk.Bundled("ETHUSDT-1m-2024-01.csv.gz"));
        Assert.Equal(source.Skip(1440).Take(1440), await CandleFile.ReadAllAsync(exported));

        var missing = await Psdk.RunAsync("data", "export", "--db", TempPath("none.db"), "--symbol", "ETH-USDT", "--output", exported);
        Assert.Equal(4, missing.Exit);
    }
}
