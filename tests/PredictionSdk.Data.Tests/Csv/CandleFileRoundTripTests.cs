using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictionSdk.Data.Csv;

namespace PredictionSdk.Data.Tests.Csv;

public class CandleFileRoundTripTests
{
    private static readonly Gen<Candle> AnyCandle =
        from minute in Gen.Choose(0, 10_000_000)
        from values in ArbMap.Default.GeneratorFor<double>().ArrayOf(5)
        select new Candle(TestData.Start.AddMinutes(minute), values[0], values[1], values[2], values[3], values[4]);

    [Property(MaxTest = 50)]
    public Property Csv_and_gzip_round_trip_every_double_exactly()
    {
        return Prop.ForAll(AnyCandle.ListOf().ToArbitrary(), candles =>
        {
            foreach (string extension in new[] { ".csv", ".csv.gz" })
            {
                using var file = new TestData.TempFile(extension);
                Assert.Equal(candles.Count, CandleFile.WriteAsync(file.Path, candles).GetAwaiter().GetResult());
                var back = CandleFile.ReadAllAsync(file.Path).GetAwaiter().GetResult();
                Assert.Equal(candles, back);
            }
        });
    }

    [Fact]
    public async Task Parquet_round_trips_across_row_groups()
    {
        Parquet.CandleParquetFile.Register();
        var candles = TestData.Minutes(1000);
        candles[10] = candles[10] with { Volume = double.NaN };
        using var file = new TestData.TempFile(".parquet");
        await Parquet.CandleParquetFile.WriteAsync(file.Path, candles.ToAsyncEnumerable(), rowGroupSize: 300);
        var back = await CandleFile.ReadAllAsync(file.Path);
        Assert.Equal(candles, back);
        Assert.All(back, c => Assert.Equal(DateTimeKind.Utc, c.Timestamp.Kind));
        Assert.Equal(candles.Count, await CandleFile.ReadRowsAsync(file.Path).CountAsync());
    }

    [Fact]
    public async Task Parquet_round_trips_the_bundled_file_through_the_facade()
    {
        Parquet.CandleParquetFile.Register();
        var btc = await CandleFile.ReadAllAsync(TestData.Btc);
        using var file = new TestData.TempFile(".parquet");
        Assert.Equal(btc.Count, await CandleFile.WriteAsync(file.Path, btc));
        Assert.Equal(btc, await CandleFile.ReadAllAsync(file.Path));
        Assert.True(new FileInfo(file.Path).Length < new FileInfo(TestData.Btc).Length * 3);
    }

    [Fact]
    public async Task Unix_millisecond_writer_output_reads_back()
    {
        var candles = TestData.Minutes(10);
        using var file = new TestData.TempFile(".csv");
        await using (var writer = new CandleCsvWriter(File.Create(file.Path), CsvTimestampFormat.UnixMilliseconds))
        {
            foreach (var c in candles)
            {
                writer.Write(c);
            }
        }

        Assert.StartsWith("timestamp,open,high,low,close,volume,quote_volume,count,taker_buy_volume,taker_buy_quote_volume\n1704067200000,", await File.ReadAllTextAsync(file.Path), StringComparison.Ordinal);
        Assert.Equal(candles, await CandleFile.ReadAllAsync(file.Path));
    }

    [Fact]
    public void Format_follows_the_extension()
    {
        Assert.Equal(CandleFileFormat.Csv, CandleFile.DetectFormat("a.csv"));
        Assert.Equal(CandleFileFormat.CsvGzip, CandleFile.DetectFormat("a.CSV.GZ"));
        Assert.Equal(CandleFileFormat.Parquet, CandleFile.DetectFormat("/x/a.parquet"));
    }
}
