using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace PredictionSdk.Data.Storage.Postgres;

/// <summary>
/// <see cref="ICandleStore"/> on PostgreSQL, for deployments where several instances share one database.
/// Batches go through <c>unnest</c> arrays, one statement and one transaction per batch.
/// </summary>
public sealed class PostgresCandleStore : ICandleStore, IAsyncDisposable
{
    private const int BatchSize = 5_000;
    private readonly NpgsqlDataSource _dataSource;

    private PostgresCandleStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Connects with <paramref name="connectionString"/> and creates the table if it does not exist.</summary>
    public static async Task<PostgresCandleStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var store = new PostgresCandleStore(NpgsqlDataSource.Create(connectionString));
        using var command = store._dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS candles (
                symbol TEXT NOT NULL, interval TEXT NOT NULL, ts TIMESTAMPTZ NOT NULL,
                open DOUBLE PRECISION NOT NULL, high DOUBLE PRECISION NOT NULL, low DOUBLE PRECISION NOT NULL,
                close DOUBLE PRECISION NOT NULL, volume DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (symbol, interval, ts))
            """);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <inheritdoc />
    public async Task<long> UpsertAsync(Symbol symbol, Interval interval, IAsyncEnumerable<Candle> candles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candles);
        long written = 0;
        var batch = new List<Candle>(BatchSize);
        await foreach (var candle in candles.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(candle);
            if (batch.Count == BatchSize)
            {
                written += await WriteBatchAsync(symbol, interval, batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            written += await WriteBatchAsync(symbol, interval, batch, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    /// <inheritdoc />
    public async Task<long> UpsertAsync(Symbol symbol, Interval interval, IEnumerable<Candle> candles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candles);
        long written = 0;
        foreach (var chunk in candles.Chunk(BatchSize))
        {
            written += await WriteBatchAsync(symbol, interval, chunk, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Candle> ReadRangeAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            "SELECT ts, open, high, low, close, volume FROM candles WHERE symbol = $1 AND interval = $2 AND ts >= $3 AND ts < $4 ORDER BY ts");
        command.Parameters.Add(new() { Value = symbol.Value });
        command.Parameters.Add(new() { Value = interval.Name });
        command.Parameters.Add(new() { Value = PredictionRows.Utc(from), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = PredictionRows.Utc(to), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadCandle(reader);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Candle>> GetLatestAsync(Symbol symbol, Interval interval, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        using var command = _dataSource.CreateCommand(
            "SELECT ts, open, high, low, close, volume FROM candles WHERE symbol = $1 AND interval = $2 ORDER BY ts DESC LIMIT $3");
        command.Parameters.Add(new() { Value = symbol.Value });
        command.Parameters.Add(new() { Value = interval.Name });
        command.Parameters.Add(new() { Value = count });
        var result = new List<Candle>(count);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadCandle(reader));
        }

        result.Reverse();
        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CandleSeriesInfo>> ListSeriesAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            "SELECT symbol, interval, count(*), min(ts), max(ts) FROM candles GROUP BY symbol, interval ORDER BY symbol, interval");
        var result = new List<CandleSeriesInfo>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new CandleSeriesInfo(Symbol.Parse(reader.GetString(0)), Interval.Parse(reader.GetString(1)), reader.GetInt64(2),
                PredictionRows.Utc(reader.GetDateTime(3)), PredictionRows.Utc(reader.GetDateTime(4))));
        }

        return result;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static Candle ReadCandle(NpgsqlDataReader reader) =>
        new(PredictionRows.Utc(reader.GetDateTime(0)), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5));

    private async Task<long> WriteBatchAsync(Symbol symbol, Interval interval, IReadOnlyList<Candle> batch, CancellationToken cancellationToken)
    {
        var ts = new DateTime[batch.Count];
        var open = new double[batch.Count];
        var high = new double[batch.Count];
        var low = new double[batch.Count];
        var close = new double[batch.Count];
        var volume = new double[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            var c = batch[i];
            (ts[i], open[i], high[i], low[i], close[i], volume[i]) = (c.Timestamp, c.Open, c.High, c.Low, c.Close, c.Volume);
        }

        // Re-writing an identical candle changes nothing: the update only fires when a value differs.
        using var command = _dataSource.CreateCommand("""
            INSERT INTO candles (symbol, interval, ts, open, high, low, close, volume)
            SELECT $1, $2, * FROM unnest($3::timestamptz[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])
            ON CONFLICT (symbol, interval, ts) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
                close = excluded.close, volume = excluded.volume
            WHERE (candles.open, candles.high, candles.low, candles.close, candles.volume)
                IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)
            """);
        command.Parameters.Add(new() { Value = symbol.Value });
        command.Parameters.Add(new() { Value = interval.Name });
        command.Parameters.Add(new() { Value = ts });
        foreach (var column in new[] { open, high, low, close, volume })
        {
            command.Parameters.Add(new() { Value = column });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return batch.Count;
    }
}
