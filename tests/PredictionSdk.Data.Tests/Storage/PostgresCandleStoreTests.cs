using PredictionSdk.Data.Storage.Postgres;

namespace PredictionSdk.Data.Tests.Storage;

public class PostgresCandleStoreTests
{
    private static List<Candle> Series(int count, double start = 100)
    {
        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return Enumerable.Range(0, count)
            .Select(i => new Candle(t0.AddMinutes(i), start + i, start + i + 1, start + i - 1, start + i + 0.5, 10 + i))
            .ToList();
    }

    [PostgresFact]
    public async Task Upsert_is_idempotent_and_queries_return_ascending_ranges()
    {
        await using var store = await PostgresCandleStore.OpenAsync(PostgresFactAttribute.ConnectionString!);
        var symbol = Symbol.Parse($"T{Guid.NewGuid():N}"[..8]);
        var candles = Series(12_000);

        Assert.Equal(12_000, await store.UpsertAsync(symbol, Interval.OneMinute, candles));
        await store.UpsertAsync(symbol, Interval.OneMinute, candles.Take(500)); // re-ingest changes nothing

        var series = Assert.Single(await store.ListSeriesAsync(), s => s.Symbol == symbol);
        Assert.Equal(12_000, series.Count);
        Assert.Equal(candles[0].Timestamp, series.First);
        Assert.Equal(candles[^1].Timestamp, series.Last);

        var latest = await store.GetLatestAsync(symbol, Interval.OneMinute, 3);
        Assert.Equal(candles.TakeLast(3), latest);

        var range = new List<Candle>();
        await foreach (var c in store.ReadRangeAsync(symbol, Interval.OneMinute, candles[100].Timestamp, candles[110].Timestamp))
        {
            range.Add(c);
        }

        Assert.Equal(candles.Skip(100).Take(10), range);

        // A corrected candle replaces the stored one.
        var corrected = candles[5] with { Close = 1.5, Low = 1 };
        await store.UpsertAsync(symbol, Interval.OneMinute, [corrected]);
        var reread = new List<Candle>();
        await foreach (var c in store.ReadRangeAsync(symbol, Interval.OneMinute, corrected.Timestamp, corrected.Timestamp.AddMinutes(1)))
        {
            reread.Add(c);
        }

        Assert.Equal(corrected, Assert.Single(reread));
    }
}
