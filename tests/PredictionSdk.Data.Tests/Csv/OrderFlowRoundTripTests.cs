using Microsoft.Data.Sqlite;
using Npgsql;
using PredictionSdk.Data.Parquet;
using PredictionSdk.Data.Resampling;
using PredictionSdk.Data.Storage.Postgres;
using PredictionSdk.Data.Storage.Sqlite;
using PredictionSdk.Data.Tests.Storage;

namespace PredictionSdk.Data.Tests.Csv;

/// <summary>
/// Binance's kline layouts keep their order-flow columns through every format and store: file → Candle → CSV,
/// Parquet, SQLite, PostgreSQL → back, equal.
/// </summary>
public class OrderFlowRoundTripTests
{
    private static readonly Symbol Near = Symbol.Parse("NEARUSDT");

    // The round trips write .parquet through CandleFile: register the format here, not rely on another test class.
    public OrderFlowRoundTripTests() => CandleParquetFile.Register();

    public static TheoryData<string> Layouts => new()
    {
        "NEARUSDT-1m-2023-02-01.csv.gz",    // futures: header row, epoch milliseconds
        "BTCUSDT-spot-1m-2025-09-22.csv.gz", // spot: no header, epoch microseconds
    };

    [Fact]
    public async Task Futures_layout_with_header_keeps_every_order_flow_column()
    {
        var candles = await CandleFile.ReadAllAsync(TestData.Bundled("NEARUSDT-1m-2023-02-01.csv.gz"));

        Assert.Equal(1440, candles.Count);
        // First row: 1675209600000,2.3270,2.3310,2.3260,2.3300,86872,1675209659999,202233.0230,436,54301,126426.0520,0
        Assert.Equal(new Candle(new DateTime(2023, 2, 1, 0, 0, 0, DateTimeKind.Utc), 2.327, 2.331, 2.326, 2.33, 86872, 202233.023, 436, 54301, 126426.052), candles[0]);
        Assert.All(candles, c => Assert.True(c.HasOrderFlow && c.TakerBuyVolume <= c.Volume, c.ToString()));
    }

    [Fact]
    public async Task Spot_layout_without_header_in_microseconds_keeps_every_order_flow_column()
    {
        var candles = await CandleFile.ReadAllAsync(TestData.Bundled("BTCUSDT-spot-1m-2025-09-22.csv.gz"));

        Assert.Equal(1440, candles.Count);
        // 1758503700000000,114623.68,114660.0,114584.0,114660.0,26.19202,1758503759999000,3001855.44797100,5151,14.72112000,1687190.37899280,0
        Assert.Equal(new Candle(new DateTime(2025, 9, 22, 1, 15, 0, DateTimeKind.Utc), 114623.68, 114660, 114584, 114660, 26.19202, 3001855.447971, 5151, 14.72112, 1687190.3789928), candles[0]);
        Assert.All(candles, c => Assert.True(c.HasOrderFlow, c.ToString()));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Csv_and_parquet_round_trip_the_order_flow(string name)
    {
        var candles = await CandleFile.ReadAllAsync(TestData.Bundled(name));
        foreach (string extension in new[] { ".csv", ".csv.gz", ".parquet" })
        {
            using var file = new TestData.TempFile(extension);
            await CandleFile.WriteAsync(file.Path, candles);
            Assert.Equal(candles, await CandleFile.ReadAllAsync(file.Path));
        }
    }

    [Fact]
    public async Task Absent_order_flow_stays_absent_and_old_six_column_files_still_read()
    {
        using var old = new TestData.TempFile(".csv", "timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n");
        var read = Assert.Single(await CandleFile.ReadAllAsync(old.Path));
        Assert.True(double.IsNaN(read.QuoteVolume) && double.IsNaN(read.TradeCount) && double.IsNaN(read.TakerBuyVolume) && double.IsNaN(read.TakerBuyQuoteVolume));

        // A partial row: trade count reported as 0 (a quiet minute), quote volume not reported.
        var partial = new Candle(TestData.Start, 1, 2, 0.5, 1.5, 0, double.NaN, 0, 0, 0);
        foreach (string extension in new[] { ".csv", ".parquet" })
        {
            using var file = new TestData.TempFile(extension);
            await CandleFile.WriteAsync(file.Path, [read, partial]);
            Assert.Equal([read, partial], await CandleFile.ReadAllAsync(file.Path));
        }
    }

    [Fact]
    public async Task Parquet_written_before_order_flow_reads_with_it_not_reported()
    {
        using var file = new TestData.TempFile(".parquet");
        var candles = TestData.Minutes(10);
        await CandleParquetFile.WriteAsync(file.Path, candles.ToAsyncEnumerable());
        Assert.Equal(candles, await CandleFile.ReadAllAsync(file.Path));
    }

    [Fact]
    public async Task Resampling_sums_order_flow_and_a_missing_value_leaves_the_sum_unreported()
    {
        var minutes = (await CandleFile.ReadAllAsync(TestData.Bundled("NEARUSDT-1m-2023-02-01.csv.gz"))).Take(10).ToList();
        var fives = CandleResampler.ResampleCandles(minutes, Interval.FiveMinutes);

        Assert.Equal(2, fives.Count);
        Assert.Equal(minutes.Take(5).Sum(c => c.QuoteVolume), fives[0].QuoteVolume, 6);
        Assert.Equal(minutes.Take(5).Sum(c => c.TradeCount), fives[0].TradeCount);
        Assert.Equal(minutes.Skip(5).Sum(c => c.TakerBuyVolume), fives[1].TakerBuyVolume);
        Assert.Equal(minutes.Skip(5).Sum(c => c.TakerBuyQuoteVolume), fives[1].TakerBuyQuoteVolume, 6);

        minutes[7] = minutes[7] with { TradeCount = double.NaN };
        var gapped = CandleResampler.ResampleCandles(minutes, Interval.FiveMinutes);
        Assert.True(double.IsNaN(gapped[1].TradeCount));
        Assert.Equal(fives[1].QuoteVolume, gapped[1].QuoteVolume);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Sqlite_store_round_trips_the_order_flow(string name)
    {
        var candles = await CandleFile.ReadAllAsync(TestData.Bundled(name));
        using var file = new TestData.TempFile(".db");
        using var store = new SqliteCandleStore(file.Path);
        await store.UpsertAsync(Near, Interval.OneMinute, candles);
        Assert.Equal(candles, await store.ReadRangeAsync(Near, Interval.OneMinute, DateTime.MinValue, DateTime.MaxValue).ToListAsync());
    }

    [Fact]
    public async Task Sqlite_database_of_the_old_schema_is_migrated_in_place_and_keeps_its_rows()
    {
        using var file = new TestData.TempFile(".db");
        using (var connection = new SqliteConnection($"Data Source={file.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The schema before order flow was stored.
            command.CommandText = """
                CREATE TABLE candle_series (id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, interval TEXT NOT NULL, UNIQUE (symbol, interval));
                CREATE TABLE candles (series INTEGER NOT NULL REFERENCES candle_series (id), ts INTEGER NOT NULL,
                    open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
                    PRIMARY KEY (series, ts)) WITHOUT ROWID;
                INSERT INTO candle_series (id, symbol, interval) VALUES (1, 'NEAR-USDT', '1m');
                INSERT INTO candles VALUES (1, 1675209600000, 2.327, 2.331, 2.326, 2.33, 86872);
                """;
            command.ExecuteNonQuery();
        }

        var old = new Candle(new DateTime(2023, 2, 1, 0, 0, 0, DateTimeKind.Utc), 2.327, 2.331, 2.326, 2.33, 86872);
        var candles = await CandleFile.ReadAllAsync(TestData.Bundled("NEARUSDT-1m-2023-02-01.csv.gz"));
        using var store = new SqliteCandleStore(file.Path);
        Assert.Equal([old], await store.GetLatestAsync(Near, Interval.OneMinute, 10));

        // Re-ingesting the same bars with order flow fills it in; a plain OHLCV re-ingest does not erase it.
        Assert.Equal(candles.Count, await store.UpsertAsync(Near, Interval.OneMinute, candles));
        Assert.Equal(0, await store.UpsertAsync(Near, Interval.OneMinute, candles.Select(c => c.WithOrderFlow(double.NaN, double.NaN, double.NaN, double.NaN))));
        Assert.Equal(candles, await store.ReadRangeAsync(Near, Interval.OneMinute, DateTime.MinValue, DateTime.MaxValue).ToListAsync());
        Assert.Equal("ok", await store.CheckIntegrityAsync());
    }

    [PostgresFact]
    public async Task Postgres_table_of_the_old_schema_is_migrated_in_place_and_round_trips_both_layouts()
    {
        string schema = $"psdk_{Guid.NewGuid():N}"[..20];
        await using (var admin = NpgsqlDataSource.Create(PostgresFactAttribute.ConnectionString!))
        {
            await using var create = admin.CreateCommand($"""
                CREATE SCHEMA {schema};
                CREATE TABLE {schema}.candles (
                    symbol TEXT NOT NULL, interval TEXT NOT NULL, ts TIMESTAMPTZ NOT NULL,
                    open DOUBLE PRECISION NOT NULL, high DOUBLE PRECISION NOT NULL, low DOUBLE PRECISION NOT NULL,
                    close DOUBLE PRECISION NOT NULL, volume DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (symbol, interval, ts));
                INSERT INTO {schema}.candles VALUES ('OLD', '1m', '2024-01-01T00:00:00Z', 1, 2, 0.5, 1.5, 10);
                """);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { SearchPath = schema };
            await using var store = await PostgresCandleStore.OpenAsync(builder.ConnectionString);
            Assert.Equal([new Candle(TestData.Start, 1, 2, 0.5, 1.5, 10)], await store.GetLatestAsync(Symbol.Parse("OLD"), Interval.OneMinute, 5));

            foreach (string name in new[] { "NEARUSDT-1m-2023-02-01.csv.gz", "BTCUSDT-spot-1m-2025-09-22.csv.gz" })
            {
                var candles = await CandleFile.ReadAllAsync(TestData.Bundled(name));
                var symbol = Symbol.Parse(name[..name.IndexOf("USDT", StringComparison.Ordinal)] + "USDT");
                await store.UpsertAsync(symbol, Interval.OneMinute, candles);
                await store.UpsertAsync(symbol, Interval.OneMinute, candles.Select(c => c.WithOrderFlow(double.NaN, double.NaN, double.NaN, double.NaN)));
                Assert.Equal(candles, await store.ReadRangeAsync(symbol, Interval.OneMinute, DateTime.MinValue, DateTime.MaxValue).ToListAsync());
            }
        }
        finally
        {
            await using var admin = NpgsqlDataSource.Create(PostgresFactAttribute.ConnectionString!);
            await using var drop = admin.CreateCommand($"DROP SCHEMA {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
