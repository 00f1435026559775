using System.Diagnostics;
using PredictionSdk.Data;
using PredictionSdk.Data.Storage.Sqlite;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Cli.Tests;

/// <summary>Bad, cut and hostile inputs give one clear error and a non-zero exit; nothing is half-done.</summary>
public sealed class InputHardeningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Validate_of_a_truncated_gzip_fails_naming_the_file_and_the_last_complete_line()
    {
        string path = await TruncatedBtcAsync();

        var (exit, output, error) = await Psdk.RunAsync("data", "validate", "--input", path);

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("accepted", output, StringComparison.Ordinal);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
        Assert.Contains("line 7915 is the last complete line", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_truncated_gzip_stores_nothing_even_with_small_batches()
    {
        string path = await TruncatedBtcAsync();
        string db = Path.Combine(_dir, "candles.db");

        var (exit, output, error) = await Psdk.RunAsync("data", "import", "--input", path, "--db", db, "--symbol", "BTC-USDT", "--batch-size", "1000");

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("Imported", output, StringComparison.Ordinal);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
        if (File.Exists(db))
        {
            using var store = new SqliteCandleStore(db);
            Assert.Empty(await store.ReadRangeAsync(Symbol.Parse("BTC-USDT"), Interval.OneMinute, DateTime.MinValue, DateTime.MaxValue).ToListAsync());
        }
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".csv.gz")]
    [InlineData(".parquet")]
    public async Task Resample_with_the_same_file_as_input_and_output_replaces_it_with_the_result(string extension)
    {
        var minutes = (await CandleFile.ReadAllAsync(Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"))).Take(600).ToList();
        string path = Path.Combine(_dir, "bars" + extension);
        await CandleFile.WriteAsync(path, minutes);

        var (exit, output, error) = await Psdk.RunAsync("data", "resample", "--input", path, "--interval", "5m", "--output", path);

        Assert.True(exit == 0, error);
        Assert.Contains("Wrote 120 5m bars", output, StringComparison.Ordinal);
        var bars = await CandleFile.ReadAllAsync(path);
        Assert.Equal(120, bars.Count);
        Assert.Equal(minutes.Take(5).Max(c => c.High), bars[0].High);
        Assert.Equal(minutes[^1].Close, bars[^1].Close);
        Assert.Equal(["bars" + extension], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_header_is_accepted()
    {
        string path = Path.Combine(_dir, "excel.csv");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. "timestamp,open,high,low,close,volume\r\n2024-01-01T00:00:00Z,10,11,9,10.5,5\r\n2024-01-01T00:01:00Z,10.5,11,10,10.8,4\r\n"u8]);

        var (exit, output, error) = await Psdk.RunAsync("data", "validate", "--input", path, "--symbol", "BTC-USD");

        Assert.True(exit == 0, error);
        Assert.Contains("rows read         2", output, StringComparison.Ordinal);
        Assert.Contains("Result: accepted", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("evaluate")]
    [InlineData("calibrate")]
    [InlineData("simulate")]
    public async Task Each_command_reads_its_bundle_once(string command)
    {
        string bundle = Path.Combine(_dir, "once.psdk");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk"), bundle);
        int loads = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ModelBundle.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("psdk.bundle.path"), bundle))
                {
                    Interlocked.Increment(ref loads);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        string btc = Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz");
        string[] args = command switch
        {
            "simulate" => [command, "--model", bundle, "--input", btc, "--max-bars", "600"],
            _ => [command, "--model", bundle, "--input", btc],
        };

        var (exit, _, error) = await Psdk.RunAsync(args);

        Assert.True(exit == 0, error);
        Assert.Equal(1, loads);
    }

    private async Task<string> TruncatedBtcAsync()
    {
        // The first 150,000 bytes of the bundled file: 7,915 complete lines and no gzip trailer.
        byte[] whole = await File.ReadAllBytesAsync(Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"));
        string path = Path.Combine(_dir, "t.csv.gz");
        await File.WriteAllBytesAsync(path, whole[..150_000]);
        return path;
    }
}
