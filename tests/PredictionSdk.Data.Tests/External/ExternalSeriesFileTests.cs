using System.Text;
using PredictionSdk.Data.External;
using PredictionSdk.External;

namespace PredictionSdk.Data.Tests.External;

/// <summary>External series files are read with the candle files' limits: no line may grow memory past 64 KiB.</summary>
public sealed class ExternalSeriesFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-external-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_file_without_a_newline_fails_at_line_1_naming_the_limit()
    {
        string path = Path.Combine(_dir, "endless.csv");
        await File.WriteAllTextAsync(path, new string('7', 8 * 1024 * 1024));

        var error = await Assert.ThrowsAsync<ExternalSeriesException>(() => ExternalSeriesFile.ReadAllAsync(path));

        Assert.Contains($"{path} line 1 is longer than 65,536 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_zero_fails_at_once_instead_of_filling_memory()
    {
        var error = await Assert.ThrowsAsync<ExternalSeriesException>(() => ExternalSeriesFile.ReadAllAsync("/dev/zero").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("/dev/zero line 1 is longer than 65,536 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_line_after_good_rows_is_named_by_its_number()
    {
        string path = Path.Combine(_dir, "long.csv");
        await File.WriteAllTextAsync(path, "timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,2\n2024-01-01T00:02:00Z," + new string('9', 70_000) + "\n");

        var error = await Assert.ThrowsAsync<ExternalSeriesException>(() => ExternalSeriesFile.ReadAllAsync(path));

        Assert.Contains($"{path} line 4 is longer than 65,536 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_line_ending_reads_the_same_rows_and_lines_are_counted_across_buffer_boundaries()
    {
        // 3,000 CRLF rows put a CR or an LF at the end of some 8 KB read: a bad last row must still be named by its line.
        var text = new StringBuilder("timestamp,value\r\n");
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 3_000; i++)
        {
            text.Append(start.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(i).Append(".25\r\n");
        }

        string good = Path.Combine(_dir, "crlf.csv");
        await File.WriteAllTextAsync(good, text.ToString());
        var rows = await ExternalSeriesFile.ReadAllAsync(good);
        Assert.Equal(3_000, rows.Count);
        Assert.Equal(2_999.25, rows[^1].Value);

        string bad = Path.Combine(_dir, "crlf-bad.csv");
        await File.WriteAllTextAsync(bad, text.Append("2024-03-01T00:00:00Z,n/a\r\n").ToString());
        var error = await Assert.ThrowsAsync<ExternalSeriesException>(() => ExternalSeriesFile.ReadAllAsync(bad));
        Assert.Contains($"{bad} line 3002, field 'value'", error.Message, StringComparison.Ordinal);

        string mixed = Path.Combine(_dir, "mixed.csv");
        await File.WriteAllTextAsync(mixed, "timestamp,value\r\n2024-01-01T00:00:00Z,1\r2024-01-01T00:01:00Z,2\n\n2024-01-01T00:02:00Z,3");
        Assert.Equal([1.0, 2.0, 3.0], (await ExternalSeriesFile.ReadAllAsync(mixed)).Select(o => o.Value));
    }
}
