using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using PredictionSdk.Data.Storage.Sqlite;

namespace PredictionSdk.Benchmarks.Data;

/// <summary>
/// Batched upsert throughput of <see cref="SqliteCandleStore"/> (WAL, synchronous=NORMAL, 10,000-row transactions).
/// Each reported time is per row (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class SqliteUpsertBenchmarks
{
    private const int Rows = 100_000;
    private Candle[] _candles = [];
    private string _path = string.Empty;
    private SqliteCandleStore? _store;
    private int _series;

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        _candles = new Candle[Rows];
        double price = 42_000;
        for (int i = 0; i < Rows; i++)
        {
            double close = price + (((i * 7919) % 201) - 100) * 0.5;
            _candles[i] = new Candle(start.AddMinutes(i), price, Math.Max(price, close) + 3, Math.Min(price, close) - 3, close, 1 + (i % 50));
            price = close;
        }

        _path = Path.Combine(Path.GetTempPath(), $"psdk-bench-{Guid.NewGuid():N}.db");
        _store = new SqliteCandleStore(_path);
        _store.UpsertAsync(Symbol.Parse("BTC-USD"), Interval.OneMinute, _candles).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (string suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    /// <summary>New rows: every invocation writes a fresh series.</summary>
    [Benchmark(OperationsPerInvoke = Rows, Baseline = true)]
    public Task<long> UpsertNewRows() =>
        _store!.UpsertAsync(Symbol.Crypto($"S{Interlocked.Increment(ref _series)}", "USD"), Interval.OneMinute, _candles);

    /// <summary>Re-ingesting stored rows: the conflict path that changes nothing.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public Task<long> UpsertUnchangedRows() =>
        _store!.UpsertAsync(Symbol.Parse("BTC-USD"), Interval.OneMinute, _candles);
}
