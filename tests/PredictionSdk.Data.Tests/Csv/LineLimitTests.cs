using System.IO.Compression;
using System.Text;
using PredictionSdk.Data.Csv;

namespace PredictionSdk.Data.Tests.Csv;

/// <summary>Memory per input is bounded: no line may grow the reader's buffer past the line limit.</summary>
public sealed class LineLimitTests
{
    private const long HundredFiftyMegabytes = 150L * 1024 * 1024;

    [Fact]
    public void A_150_MB_input_without_a_newline_fails_at_line_1_after_reading_little_and_allocating_little()
    {
        var source = new RepeatingStream((byte)'7', HundredFiftyMegabytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CandleFormatException>(() =>
        {
            using var reader = new CandleCsvReader(source, "endless.csv");
            reader.ReadBatch(new Candle[16]);
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1, error.LineNumber);
        Assert.Equal("endless.csv", error.Source);
        Assert.Contains("line 1 is longer than 65,536 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(source.Served < 1024 * 1024, $"{source.Served:N0} bytes read before failing");
        Assert.True(allocated < 2 * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public async Task A_long_line_after_good_rows_is_named_by_its_number()
    {
        string path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,1,1,5\n2024-01-01T00:01:00Z,1,2,1," + new string('1', 100_000) + ",5\n");

            var error = await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(path));

            Assert.Equal(3, error.LineNumber);
            Assert.Contains("line 3 is longer than", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_gzip_bomb_of_one_endless_line_stops_at_the_limit()
    {
        // 64 MB of zeros compress to ~64 KB; the reader must stop long before inflating them all.
        string path = Path.GetTempFileName() + ".csv.gz";
        try
        {
            await using (var file = File.Create(path))
            await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            {
                var zeros = new byte[1 << 20];
                for (int i = 0; i < 64; i++)
                {
                    gzip.Write(zeros);
                }
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            var error = Assert.Throws<CandleFormatException>(() =>
            {
                using var reader = CandleCsvReader.Open(path);
                reader.ReadBatch(new Candle[16]);
            });
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(1, error.LineNumber);
            Assert.True(allocated < 2 * 1024 * 1024, $"{allocated:N0} bytes allocated");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_limit_can_be_set_per_reader()
    {
        string text = "timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,1,1,5\n";
        using var reader = new CandleCsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), "short.csv", maxLineLength: 20);

        var error = Assert.Throws<CandleFormatException>(() => reader.ReadBatch(new Candle[4]));

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("longer than 20 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".csv.gz")]
    public async Task A_utf8_byte_order_mark_before_a_correct_header_is_accepted(string extension)
    {
        byte[] content = [0xEF, 0xBB, 0xBF, .. "timestamp,open,high,low,close,volume\r\n2024-01-01T00:00:00Z,1,2,0.5,1.5,5\r\n"u8];
        string path = Path.GetTempFileName() + extension;
        try
        {
            if (extension == ".csv.gz")
            {
                await using var file = File.Create(path);
                await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
                gzip.Write(content);
            }
            else
            {
                await File.WriteAllBytesAsync(path, content);
            }

            var row = Assert.Single(await CandleFile.ReadRowsAsync(path).ToListAsync());

            Assert.Equal(new Candle(TestData.Start, 1, 2, 0.5, 1.5, 5), row.Candle);
            Assert.Equal(2, row.LineNumber);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Serves one byte value over and over, counting what it served.</summary>
    private sealed class RepeatingStream(byte value, long length) : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => Served;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, length - Served);
            buffer[..n].Fill(value);
            Served += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
