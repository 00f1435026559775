using System.IO.Compression;
using System.Text;
using PredictionSdk.Data.Csv;

namespace PredictionSdk.Data.Tests.Csv;

public class CandleCsvReaderTests
{
    private static List<CandleRow> Read(string content, string extension = ".csv")
    {
        using var file = new TestData.TempFile(extension, content);
        return CandleFile.ReadRowsAsync(file.Path).ToBlockingEnumerable().ToList();
    }

    [Fact]
    public void Reads_header_layout_with_iso_timestamps_and_line_numbers()
    {
        var rows = Read("timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1.5,2,1,1.75,10\n\n2024-01-01T00:01:00Z,1.75,2.5,1.5,2,0.125\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal(new Candle(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), 1.5, 2, 1, 1.75, 10), rows[0].Candle);
        Assert.Equal(2, rows[0].LineNumber);
        Assert.Equal(4, rows[1].LineNumber);
        Assert.Equal(0.125, rows[1].Candle.Volume);
        Assert.Equal(DateTimeKind.Utc, rows[1].Candle.Timestamp.Kind);
    }

    [Fact]
    public void Finds_columns_by_name_in_any_order_and_ignores_extra_columns()
    {
        var rows = Read("Symbol,Volume,Close,Low,High,Open,Date\r\nQQQ,500,4,1,5,2,2025-05-01 13:30:00\r\n");
        Assert.Equal(new Candle(new DateTime(2025, 5, 1, 13, 30, 0, DateTimeKind.Utc), 2, 5, 1, 4, 500), Assert.Single(rows).Candle);
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z", 0)]
    [InlineData("2024-01-01T01:00:00+01:00", 0)]
    [InlineData("2023-12-31T19:00:00-0500", 0)]
    [InlineData("2024-01-01 00:00:00", 0)]
    [InlineData("2024-01-01T00:00", 0)]
    [InlineData("2024-01-01", 0)]
    [InlineData("2024-01-01T00:00:00.250Z", 2_500_000)]
    [InlineData("1704067200", 0)]
    [InlineData("1704067200000", 0)]
    [InlineData("1704067200000000", 0)]
    public void Parses_timestamp_forms(string text, long extraTicks)
    {
        var rows = Read($"timestamp,open,high,low,close,volume\n{text},1,1,1,1,1\n");
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(extraTicks), Assert.Single(rows).Candle.Timestamp);
    }

    [Fact]
    public void Reads_binance_kline_export_in_milliseconds_and_microseconds()
    {
        const string Ms = "1704067200000,42283.58000000,42298.62000000,42261.02000000,42298.61000000,35.92724000,1704067259999,1519032.43,1327,24.5,1036091.1,0\n";
        const string Us = "1735689600000000,93576.00000000,93610.93000000,93537.50000000,93610.93000000,8.21827000,1735689659999999,768978.6,2631,3.8,358327.1,0\n";
        var rows = Read(Ms + Us);
        Assert.Equal(new Candle(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), 42283.58, 42298.62, 42261.02, 42298.61, 35.92724, 1519032.43, 1327, 24.5, 1036091.1), rows[0].Candle);
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), rows[1].Candle.Timestamp);
        Assert.Equal((768978.6, 2631, 3.8, 358327.1), (rows[1].Candle.QuoteVolume, rows[1].Candle.TradeCount, rows[1].Candle.TakerBuyVolume, rows[1].Candle.TakerBuyQuoteVolume));
        Assert.Equal(8.21827, rows[1].Candle.Volume);
    }

    [Fact]
    public void Parses_numbers_exactly_like_the_framework()
    {
        string[] texts = ["0.1", "42283.58", "-0.000001", "123456789012345", "1234567890123456789", "1e-7", "3.4028236E+38", "007.50", "+2.5", "NaN", "Infinity"];
        var content = new StringBuilder("timestamp,open,high,low,close,volume\n");
        foreach (string t in texts)
        {
            content.Append(System.Globalization.CultureInfo.InvariantCulture, $"1704067200000,{t},{t},{t},{t},{t}\n");
        }

        var rows = Read(content.ToString());
        for (int i = 0; i < texts.Length; i++)
        {
            double expected = double.Parse(texts[i], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, rows[i].Candle.Close);
        }
    }

    [Theory]
    [InlineData("2024-01-01T00:01:00Z,1,2,1,abc,5", "close", "abc")]
    [InlineData("2024-13-01T00:01:00Z,1,2,1,1,5", "timestamp", "2024-13-01T00:01:00Z")]
    [InlineData("yesterday,1,2,1,1,5", "timestamp", "yesterday")]
    [InlineData("2024-01-01T00:01:00Z,1,2,1,1,", "volume", "")]
    [InlineData("2024-01-01T00:01:00Z,1,2,1", "row", "2024-01-01T00:01:00Z,1,2,1")]
    public async Task Malformed_row_names_file_line_field_and_value(string badRow, string field, string value)
    {
        using var file = new TestData.TempFile(".csv", "timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,1,1,5\n" + badRow + "\n2024-01-01T00:02:00Z,1,2,1,1,5\n");
        var ex = await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(file.Path));
        Assert.Equal(file.Path, ex.Source);
        Assert.Equal(3, ex.LineNumber);
        Assert.Equal(field, ex.Field);
        Assert.Equal(value, ex.Value);
        Assert.Contains($"{file.Path}:3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Header_without_a_required_column_is_rejected()
    {
        using var file = new TestData.TempFile(".csv", "timestamp,open,high,low,volume\n");
        var ex = await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(file.Path));
        Assert.Equal(1, ex.LineNumber);
        Assert.Contains("close", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzip_is_detected_by_content_and_lines_longer_than_the_buffer_are_read_up_to_the_limit()
    {
        using var file = new TestData.TempFile(".csv");
        string padding = new('x', 200_000);
        using (var gz = new GZipStream(File.Create(file.Path), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes($"timestamp,open,high,low,close,volume,note\n2024-01-01T00:00:00Z,1,2,1,1,5,{padding}\n"));
        }

        // Beyond the default 64 KiB limit the line is refused; a reader given a larger limit grows its buffer to read it.
        await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(file.Path));
        using var reader = CandleCsvReader.Open(file.Path, maxLineLength: 256 * 1024);
        var candles = new Candle[2];
        Assert.Equal(1, await reader.ReadBatchAsync(candles));
        Assert.Equal(5, candles[0].Volume);
    }

    [Fact]
    public async Task Bundled_files_read_completely()
    {
        var btc = await CandleFile.ReadAllAsync(TestData.Btc);
        var eth = await CandleFile.ReadAllAsync(TestData.Eth);
        var qqq = await CandleFile.ReadAllAsync(TestData.Qqq);
        Assert.Equal(30_000, btc.Count);
        Assert.Equal(20_160, eth.Count);
        Assert.Equal(8_190, qqq.Count);
        Assert.Equal(new Candle(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), 42283.58, 42298.62, 42261.02, 42298.61, 35.92724), btc[0]);
        Assert.Equal(new DateTime(2024, 1, 21, 19, 59, 0, DateTimeKind.Utc), btc[^1].Timestamp);
        Assert.Equal(new DateTime(2025, 5, 1, 13, 30, 0, DateTimeKind.Utc), qqq[0].Timestamp);
    }

    [Fact]
    public async Task Sync_batches_match_async_read()
    {
        using var reader = CandleCsvReader.Open(TestData.Eth);
        var all = new List<Candle>();
        var batch = new Candle[1000];
        int n;
        while ((n = reader.ReadBatch(batch)) > 0)
        {
            all.AddRange(batch.AsSpan(0, n));
        }

        Assert.Equal(await CandleFile.ReadAllAsync(TestData.Eth), all);
        Assert.Equal(20_161, reader.LineNumber);
    }
}
