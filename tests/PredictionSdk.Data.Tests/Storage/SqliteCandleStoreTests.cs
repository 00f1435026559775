using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PredictionSdk.Data.Storage.Sqlite;

namespace PredictionSdk.Data.Tests.Storage;

public class SqliteCandleStoreTests
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");

    [Fact]
    public async Task Upsert_is_idempotent_and_updates_only_changed_rows()
    {
        using var file = new TestData.TempFile(".db");
        var candles = TestData.Minutes(2500);
        using (var store = new SqliteCandleStore(file.Path, new SqliteCandleStoreOptions { BatchSize = 1000 }))
        {
            Assert.Equal(2500, await store.UpsertAsync(Btc, Interval.OneMinute, candles));
            Assert.Equal(0, await store.UpsertAsync(Btc, Interval.OneMinute, candles));
            var changed = candles.ToList();
            changed[7] = changed[7] with { Close = changed[7].Close + 1, High = changed[7].High + 1 };
            Assert.Equal(1, await store.UpsertAsync(Btc, Interval.OneMinute, changed));
            var stored = await store.ReadRangeAsync(Btc, Interval.OneMinute, DateTime.MinValue, DateTime.MaxValue).ToListAsync();
            Assert.Equal(changed, stored);
        }

        using var reopened = new SqliteCandleStore(file.Path);
        Assert.Equal(2500, (await reopened.ListSeriesAsync()).Single().Count);
    }

    [Fact]
    public async Task Range_latest_and_series_queries_are_per_symbol_and_interval()
    {
        using var file = new TestData.TempFile(".db");
        using var store = new SqliteCandleStore(file.Path);
        var minutes = TestData.Minutes(100);
        var eth = TestData.Minutes(50, basePrice: 2000);
        var fives = PredictionSdk.Data.Resampling.CandleResampler.ResampleCandles(minutes, Interval.FiveMinutes);
        await store.UpsertAsync(Btc, Interval.OneMinute, minutes);
        await store.UpsertAsync(Btc, Interval.FiveMinutes, fives);
        await store.UpsertAsync(Symbol.Parse("ETHUSDT"), Interval.OneMinute, eth);

        var range = await store.ReadRangeAsync(Btc, Interval.OneMinute, TestData.Start.AddMinutes(10), TestData.Start.AddMinutes(20)).ToListAsync();
        Assert.Equal(minutes.Skip(10).Take(10), range);
        Assert.Equal(minutes.TakeLast(3), await store.GetLatestAsync(Btc, Interval.OneMinute, 3));
        Assert.Equal(fives.TakeLast(2), await store.GetLatestAsync(Btc, Interval.FiveMinutes, 2));
        Assert.Equal(eth, await store.GetLatestAsync(Symbol.Parse("ETH-USDT"), Interval.OneMinute, 1000));
        Assert.Empty(await store.GetLatestAsync(Symbol.Parse("SOL-USD"), Interval.OneMinute, 5));

        var series = await store.ListSeriesAsync();
        Assert.Equal(3, series.Count);
        Assert.Contains(new CandleSeriesInfo(Btc, Interval.OneMinute, 100, TestData.Start, TestData.Start.AddMinutes(99)), series);
        Assert.Contains(new CandleSeriesInfo(Btc, Interval.FiveMinutes, 20, TestData.Start, TestData.Start.AddMinutes(95)), series);
        Assert.Equal("ok", await store.CheckIntegrityAsync());
    }

    [Fact]
    public async Task Registers_as_the_candle_store_and_checks_options()
    {
        using var file = new TestData.TempFile(".db");
        var services = new ServiceCollection();
        services.AddPredictionSdk().AddSqliteCandleStore(file.Path, o => o.BatchSize = 100);
        using (var provider = services.BuildServiceProvider())
        {
            var store = Assert.IsType<SqliteCandleStore>(provider.GetRequiredService<ICandleStore>());
            Assert.Same(store, provider.GetRequiredService<SqliteCandleStore>());
            Assert.Equal(250, await store.UpsertAsync(Btc, Interval.OneMinute, TestData.Minutes(250)));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddPredictionSdk().AddSqliteCandleStore(file.Path, o => o.BatchSize = 0));
    }

    [Fact]
    public async Task Non_finite_values_are_refused_and_earlier_batches_are_kept()
    {
        using var file = new TestData.TempFile(".db");
        using var store = new SqliteCandleStore(file.Path, new SqliteCandleStoreOptions { BatchSize = 10 });
        var candles = TestData.Minutes(30);
        candles[25] = candles[25] with { Volume = double.NaN };
        var ex = await Assert.ThrowsAsync<CandleValidationException>(() => store.UpsertAsync(Btc, Interval.OneMinute, candles));
        Assert.Contains("2024-01-01T00:25:00Z", ex.Value, StringComparison.Ordinal);
        Assert.Equal(20, (await store.GetLatestAsync(Btc, Interval.OneMinute, 100)).Count);
    }

    [Fact]
    public async Task Killing_an_ingest_leaves_every_committed_batch_and_no_partial_one()
    {
        const int BatchSize = 5_000;
        using var file = new TestData.TempFile(".db");
        string assembly = typeof(SqliteCandleStoreTests).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "exec", assembly, "ingest", file.Path, "5000000", BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var reported = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (reported.Count < 3)
        {
            string? line = await child.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                Assert.Fail("child ended early: " + await child.StandardError.ReadToEndAsync());
            }

            if (line.StartsWith("committed ", StringComparison.Ordinal))
            {
                reported.Add(long.Parse(line.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        child.Kill(entireProcessTree: true);
        // Lines already written before the kill are still in the pipe.
        string? rest;
        while ((rest = await child.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
        {
            Assert.NotEqual("done", rest);
            if (rest.StartsWith("committed ", StringComparison.Ordinal))
            {
                reported.Add(long.Parse(rest.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        await child.WaitForExitAsync(timeout.Token);
        SqliteConnection.ClearAllPools();

        using var store = new SqliteCandleStore(file.Path);
        Assert.Equal("ok", await store.CheckIntegrityAsync());
        var stored = await store.ReadRangeAsync(Btc, Interval.OneMinute, DateTime.MinValue, DateTime.MaxValue).ToListAsync();
        long committed = reported[^1];
        // Every batch reported committed is there; at most the batch committed just before the kill was not yet reported.
        Assert.True(stored.Count >= committed, $"{stored.Count} rows stored, {committed} reported committed");
        Assert.True(stored.Count % BatchSize == 0, $"{stored.Count} rows stored: a partial batch");
        Assert.True(stored.Count < 5_000_000, "the ingest was not interrupted");
        for (int i = 0; i < stored.Count; i++)
        {
            Assert.Equal(Program.IngestRow(i), stored[i]);
        }
    }
}
