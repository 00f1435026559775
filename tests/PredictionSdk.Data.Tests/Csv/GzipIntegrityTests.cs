using System.IO.Compression;
using System.Text;

namespace PredictionSdk.Data.Tests.Csv;

/// <summary>A gzip file is read completely or not at all: a cut or damaged file is an error naming the file and the last complete line.</summary>
public sealed class GzipIntegrityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-gzip-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_truncated_bundled_file_is_an_error_naming_the_file_and_the_last_complete_line()
    {
        byte[] whole = await File.ReadAllBytesAsync(TestData.Btc);
        string path = Write("t.csv.gz", whole[..150_000]);
        int completeLines = CompleteLinesIn(whole[..150_000]);

        var error = await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(path));

        Assert.Equal(path, error.Source);
        Assert.Equal(completeLines + 1, error.LineNumber);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains($"line {completeLines} is the last complete line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_of_a_truncated_file_fails_with_the_same_error_instead_of_ending_early()
    {
        byte[] whole = await File.ReadAllBytesAsync(TestData.Btc);
        string path = Write("replay.csv.gz", whole[..150_000]);
        var options = new PredictionSdk.Data.Replay.ReplayOptions();
        options.Files["BTC-USDT"] = path;
        var source = new PredictionSdk.Data.Replay.ReplayCandleSource(options);

        int bars = 0;
        var error = await Assert.ThrowsAsync<CandleFormatException>(async () =>
        {
            await foreach (var _ in source.StreamAsync([Symbol.Parse("BTC-USDT")], Interval.OneMinute))
            {
                bars++;
            }
        });

        Assert.Equal(path, error.Source);
        Assert.Equal(0, bars);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(5_000)]
    public async Task Cutting_any_tail_off_is_detected_even_when_every_row_is_still_there(int cut)
    {
        byte[] whole = await File.ReadAllBytesAsync(TestData.Qqq);
        string path = Write("cut.csv.gz", whole[..^cut]);

        await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(path));
    }

    [Fact]
    public async Task Streaming_stops_at_the_cut_without_handing_out_a_row_cut_in_half()
    {
        var expected = await CandleFile.ReadAllAsync(TestData.Eth);
        byte[] whole = await File.ReadAllBytesAsync(TestData.Eth);
        string path = Write("eth.csv.gz", whole[..(whole.Length / 3)]);

        var received = new List<Candle>();
        await Assert.ThrowsAsync<CandleFormatException>(async () =>
        {
            await foreach (var candle in CandleFile.ReadAsync(path))
            {
                received.Add(candle);
            }
        });

        Assert.NotEmpty(received);
        Assert.Equal(expected.Take(received.Count), received);
    }

    [Fact]
    public async Task A_wrong_crc_or_length_in_the_trailer_is_an_error()
    {
        byte[] whole = await File.ReadAllBytesAsync(TestData.Qqq);
        byte[] badCrc = (byte[])whole.Clone();
        badCrc[^6] ^= 0x01;
        byte[] badLength = (byte[])whole.Clone();
        badLength[^2] ^= 0x01;

        await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(Write("crc.csv.gz", badCrc)));
        await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(Write("len.csv.gz", badLength)));
    }

    [Fact]
    public async Task Bytes_after_the_gzip_data_are_an_error()
    {
        byte[] whole = await File.ReadAllBytesAsync(TestData.Qqq);
        string path = Write("tail.csv.gz", [.. whole, .. "garbage!"u8]);

        await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(path));
    }

    [Fact]
    public async Task Concatenated_gzip_members_read_whole_and_a_cut_last_member_is_an_error()
    {
        var candles = TestData.Minutes(400);
        string text = await CsvTextAsync(candles);
        int split = text.IndexOf('\n', text.Length / 2) + 1;
        byte[] joined = [.. Gzip(text[..split]), .. Gzip(text[split..])];

        var back = await CandleFile.ReadAllAsync(Write("two.csv.gz", joined));
        Assert.Equal(candles, back);

        await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(Write("two-cut.csv.gz", joined[..^3])));
    }

    [Fact]
    public async Task A_complete_file_written_by_the_library_reads_back_through_a_pipe()
    {
        var candles = TestData.Minutes(2_000);
        string path = Path.Combine(_dir, "w.csv.gz");
        await CandleFile.WriteAsync(path, candles);

        // A non-seekable source (a pipe, stdin) is sniffed for gzip without seeking.
        await using var pipe = new NonSeekableStream(File.OpenRead(path));
        using var reader = PredictionSdk.Data.Csv.CandleCsvReader.Open(pipe, "pipe");
        var batch = new Candle[5_000];
        int n = await reader.ReadBatchAsync(batch);
        Assert.Equal(candles, batch[..n]);
    }

    private static int CompleteLinesIn(byte[] truncatedGzip)
    {
        // What the plain decompressor yields from the cut file: the complete lines are those ending in a newline.
        using var gzip = new GZipStream(new MemoryStream(truncatedGzip), CompressionMode.Decompress);
        using var text = new MemoryStream();
        gzip.CopyTo(text);
        return text.ToArray().Count(b => b == (byte)'\n');
    }

    private static async Task<string> CsvTextAsync(IReadOnlyList<Candle> candles)
    {
        string temp = Path.GetTempFileName() + ".csv";
        try
        {
            await CandleFile.WriteAsync(temp, candles);
            return await File.ReadAllTextAsync(temp);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
