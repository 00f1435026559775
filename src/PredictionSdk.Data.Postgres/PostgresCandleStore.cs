using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace PredictionSdk.Data.Storage.Postgres;

/// <summary>
/// <see cref="ICandleStore"/> on PostgreSQL, for deployments where several instances share one database.
/// Batches go through <c>unnest</c> arrays, one statement and one transaction per batch. Order-flow fields are nullable
/// columns (NULL = not reported); a table created before they existed gains them in place when opened, its rows kept.
/// An incoming candle that does not report a field keeps the stored value.
/// </summary>
public sealed class PostgresCandleStore : ICandleStore, IAsyncDisposable
{
    private const int BatchSize = 5_000;
    private const string Columns = "ts, open, high, low, close, volume, quote_volume, trade_count, taker_buy_volume, taker_buy_quote_volume";
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
                PRIMARY KEY (symbol, interval, ts));
            ALTER TABLE candles ADD COLUMN IF NOT EXISTS quote_volume DOUBLE PRECISION,
                ADD COLUMN IF NOT EXISTS trade_count DOUBLE PRECISION,
                ADD COLUMN IF NOT EXISTS taker_buy_volume DOUBLE PRECISION,
                ADD COLUMN IF NOT EXISTS taker_buy_quote_volume DOUBLE PRECISION;
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
            $"SELECT {Columns} FROM candles WHERE symbol = $1 AND interval = $2 AND ts >= $3 AND ts < $4 ORDER BY ts");
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
            $"SELECT {Columns} FROM candles WHERE symbol = $1 AND interval = $2 ORDER BY ts DESC LIMIT $3");
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
        new(PredictionRows.Utc(reader.GetDateTime(0)), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5),
            Optional(reader, 6), Optional(reader, 7), Optional(reader, 8), Optional(reader, 9));

    private static double Optional(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    private static double? NullIfNotReported(double value) => double.IsNaN(value) ? null : value;

    private async Task<long> WriteBatchAsync(Symbol symbol, Interval interval, IReadOnlyList<Candle> batch, CancellationToken cancellationToken)
    {
        var ts = new DateTime[batch.Count];
        var open = new double[batch.Count];
        var high = new double[batch.Count];
        var low = new double[batch.Count];
        var close = new double[batch.Count];
        var volume = new double[batch.Count];
        var quoteVolume = new double?[batch.Count];
        var trades = new double?[batch.Count];
        var takerBuy = new double?[batch.Count];
        var takerBuyQuote = new double?[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            var c = batch[i];
            (ts[i], open[i], high[i], low[i], close[i], volume[i]) = (c.Timestamp, c.Open, c.High, c.Low, c.Close, c.Volume);
            quoteVolume[i] = NullIfNotReported(c.QuoteVolume);
            trades[i] = NullIfNotReported(c.TradeCount);
            takerBuy[i] = NullIfNotReported(c.TakerBuyVolume);
            takerBuyQuote[i] = NullIfNotReported(c.TakerBuyQuoteVolume);
        }

        // Re-writing an identical candle changes nothing: the update only fires when a value differs.
        using var command = _dataSource.CreateCommand("""
            INSERT INTO candles (symbol, interval, ts, open, high, low, close, volume, quote_volume, trade_count, taker_buy_volume, taker_buy_quote_volume)
            SELECT $1, $2, * FROM unnest($3::timestamptz[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[],
                $9::float8[], $10::float8[], $11::float8[], $12::float8[])
            ON CONFLICT (symbol, interval, ts) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
                close = excluded.close, volume = excluded.volume,
                quote_volume = COALESCE(excluded.quote_volume, candles.quote_volume), trade_count = COALESCE(excluded.trade_count, candles.trade_count),
                taker_buy_volume = COALESCE(excluded.taker_buy_volume, candles.taker_buy_volume),
                taker_buy_quote_volume = COALESCE(excluded.taker_buy_quote_volume, candles.taker_buy_quote_volume)
            WHERE (candles.open, candles.high, candles.low, candles.close, candles.volume)
                IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)
                OR (excluded.quote_volume IS NOT NULL AND candles.quote_volume IS DISTINCT FROM excluded.quote_volume)
                OR (excluded.trade_count IS NOT NULL AND candles.trade_count IS DISTINCT FROM excluded.trade_count)
                OR (excluded.taker_buy_volume IS NOT NULL AND candles.taker_buy_volume IS DISTINCT FROM excluded.taker_buy_volume)
                OR (excluded.taker_buy_quote_volume IS NOT NULL AND candles.taker_buy_quote_volume IS DISTINCT FROM excluded.taker_buy_quote_volume)
            """);
        command.Parameters.Add(new() { Value = symbol.Value });
        command.Parameters.Add(new() { Value = interval.Name });
        command.Parameters.Add(new() { Value = ts });
        foreach (var column in new[] { open, high, low, close, volume })
        {
            command.Parameters.Add(new() { Value = column });
        }

        foreach (var column in new[] { quoteVolume, trades, takerBuy, takerBuyQuote })
        {
            command.Parameters.Add(new() { Value = column });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return batch.Count;
    }
}
