namespace PredictionSdk.Data.Tests.Csv;

/// <summary><see cref="CandleFile.WriteAsync(string, IAsyncEnumerable{Candle}, CancellationToken)"/> leaves the old file or the complete new one.</summary>
public sealed class AtomicWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-write-").FullName;

    public AtomicWriteTests() => Parquet.CandleParquetFile.Register();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(".csv")]
    [InlineData(".csv.gz")]
    [InlineData(".parquet")]
    public async Task A_write_that_fails_midway_keeps_the_old_file_and_leaves_nothing_else(string extension)
    {
        string path = Path.Combine(_dir, "bars" + extension);
        var old = TestData.Minutes(1_000);
        await CandleFile.WriteAsync(path, old);
        byte[] before = await File.ReadAllBytesAsync(path);

        await Assert.ThrowsAsync<IOException>(() => CandleFile.WriteAsync(path, FailingAfter(TestData.Minutes(200_000, basePrice: 50), 150_000)));

        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Equal(["bars" + extension], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".csv.gz")]
    [InlineData(".parquet")]
    public async Task A_file_can_be_rewritten_from_itself(string extension)
    {
        string path = Path.Combine(_dir, "self" + extension);
        var candles = TestData.Minutes(5_000);
        await CandleFile.WriteAsync(path, candles);

        long written = await CandleFile.WriteAsync(path, CandleFile.ReadAsync(path).Where(c => c.Timestamp.Minute % 2 == 0));

        Assert.Equal(2_500, written);
        Assert.Equal(candles.Where(c => c.Timestamp.Minute % 2 == 0), await CandleFile.ReadAllAsync(path));
    }

    private static async IAsyncEnumerable<Candle> FailingAfter(IEnumerable<Candle> candles, int count)
    {
        int n = 0;
        foreach (var candle in candles)
        {
            if (n++ == count)
            {
                throw new IOException("source failed");
            }

            yield return candle;
        }

        await Task.CompletedTask;
    }
}
