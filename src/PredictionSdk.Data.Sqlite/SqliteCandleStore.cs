using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace PredictionSdk.Data.Storage.Sqlite;

/// <summary>
/// <see cref="ICandleStore"/> on an embedded SQLite file in WAL mode. Candles are keyed by (symbol, interval, open time);
/// upserts run in batched transactions with a prepared statement and change a stored row only when a value differs,
/// so re-ingesting the same data writes nothing. Times are stored as Unix milliseconds. Order-flow fields are nullable
/// columns (NULL = not reported); a database created before they existed gains them in place when opened, its rows kept.
/// </summary>
/// <remarks>
/// Thread-safe: writes are serialised; each read uses its own connection, so reads run beside a write (WAL).
/// A batch is one transaction: after a crash every committed batch is present and no partial batch is.
/// Prices and volume must be finite (SQLite cannot store NaN); a non-finite value raises <see cref="CandleValidationException"/>
/// before its batch is written, keeping the batches already committed.
/// </remarks>
public sealed class SqliteCandleStore : ICandleStore, IDisposable
{
    // Order flow not reported by the incoming candle (NULL) keeps what is stored: a plain OHLCV source re-ingested over
    // richer data does not erase it.
    private const string UpsertSql = """
        INSERT INTO candles (series, ts, open, high, low, close, volume, quote_volume, trade_count, taker_buy_volume, taker_buy_quote_volume)
        VALUES ($series, $ts, $open, $high, $low, $close, $volume, $quote_volume, $trade_count, $taker_buy_volume, $taker_buy_quote_volume)
        ON CONFLICT (series, ts) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume,
            quote_volume = COALESCE(excluded.quote_volume, quote_volume), trade_count = COALESCE(excluded.trade_count, trade_count),
            taker_buy_volume = COALESCE(excluded.taker_buy_volume, taker_buy_volume), taker_buy_quote_volume = COALESCE(excluded.taker_buy_quote_volume, taker_buy_quote_volume)
        WHERE open IS NOT excluded.open OR high IS NOT excluded.high OR low IS NOT excluded.low OR close IS NOT excluded.close OR volume IS NOT excluded.volume
            OR (excluded.quote_volume IS NOT NULL AND quote_volume IS NOT excluded.quote_volume)
            OR (excluded.trade_count IS NOT NULL AND trade_count IS NOT excluded.trade_count)
            OR (excluded.taker_buy_volume IS NOT NULL AND taker_buy_volume IS NOT excluded.taker_buy_volume)
            OR (excluded.taker_buy_quote_volume IS NOT NULL AND taker_buy_quote_volume IS NOT excluded.taker_buy_quote_volume)
        """;

    private const string Columns = "c.ts, c.open, c.high, c.low, c.close, c.volume, c.quote_volume, c.trade_count, c.taker_buy_volume, c.taker_buy_quote_volume";

    private static readonly string[] OrderFlowColumns = ["quote_volume", "trade_count", "taker_buy_volume", "taker_buy_quote_volume"];

    private readonly string _connectionString;
    private readonly SqliteCandleStoreOptions _options;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SqliteCandleStore(string path, SqliteCandleStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _options = options ?? new SqliteCandleStoreOptions();
        _options.Validate();
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString();
        _writer = Open();
        Execute(_writer, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(_options.DurableCommits ? "FULL" : "NORMAL")};");
        Execute(_writer, """
            CREATE TABLE IF NOT EXISTS candle_series (
                id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, interval TEXT NOT NULL, UNIQUE (symbol, interval));
            CREATE TABLE IF NOT EXISTS candles (
                series INTEGER NOT NULL REFERENCES candle_series (id), ts INTEGER NOT NULL,
                open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
                PRIMARY KEY (series, ts)) WITHOUT ROWID;
            """);
        AddOrderFlowColumns(_writer);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public Task<long> UpsertAsync(Symbol symbol, Interval interval, IAsyncEnumerable<Candle> candles, CancellationToken cancellationToken = default) =>
        UpsertAsync(symbol, interval, candles, progress: null, cancellationToken);

    /// <inheritdoc />
    public Task<long> UpsertAsync(Symbol symbol, Interval interval, IEnumerable<Candle> candles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candles);
        return UpsertAsync(symbol, interval, candles.ToAsyncEnumerable(), progress: null, cancellationToken);
    }

    /// <summary>
    /// Upserts in transactions of <see cref="SqliteCandleStoreOptions.BatchSize"/> rows and reports each commit to
    /// <paramref name="progress"/> (called synchronously, right after the commit). Returns the rows inserted or changed.
    /// </summary>
    /// <exception cref="CandleValidationException">A price or the volume is not finite; earlier batches stay committed.</exception>
    public async Task<long> UpsertAsync(Symbol symbol, Interval interval, IAsyncEnumerable<Candle> candles, IProgress<CandleBatchCommitted>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candles);
        var batch = new Candle[_options.BatchSize];
        int count = 0, batchNumber = 0;
        long written = 0, total = 0;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long series = GetOrCreateSeries(symbol, interval);
            using var command = CreateUpsertCommand(series);
            await foreach (var candle in candles.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                batch[count++] = candle;
                if (count == batch.Length)
                {
                    written += Commit(command, batch.AsSpan(0, count), ++batchNumber, ref total, progress);
                    count = 0;
                }
            }

            if (count > 0)
            {
                written += Commit(command, batch.AsSpan(0, count), ++batchNumber, ref total, progress);
            }

            return written;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Candle> ReadRangeAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM candles c JOIN candle_series s ON s.id = c.series
            WHERE s.symbol = $symbol AND s.interval = $interval AND c.ts >= $from AND c.ts < $to ORDER BY c.ts
            """;
        command.Parameters.AddWithValue("$symbol", symbol.Value);
        command.Parameters.AddWithValue("$interval", interval.Name);
        command.Parameters.AddWithValue("$from", ToMs(from));
        command.Parameters.AddWithValue("$to", ToMs(to));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadCandle(reader);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Candle>> GetLatestAsync(Symbol symbol, Interval interval, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM candles c JOIN candle_series s ON s.id = c.series
            WHERE s.symbol = $symbol AND s.interval = $interval ORDER BY c.ts DESC LIMIT $count
            """;
        command.Parameters.AddWithValue("$symbol", symbol.Value);
        command.Parameters.AddWithValue("$interval", interval.Name);
        command.Parameters.AddWithValue("$count", count);
        var result = new List<Candle>(Math.Min(count, 100_000));
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
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.symbol, s.interval, COUNT(*), MIN(c.ts), MAX(c.ts) FROM candles c JOIN candle_series s ON s.id = c.series
            GROUP BY s.id ORDER BY s.symbol, s.interval
            """;
        var result = new List<CandleSeriesInfo>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new CandleSeriesInfo(Symbol.Parse(reader.GetString(0)), Interval.Parse(reader.GetString(1)), reader.GetInt64(2), FromMs(reader.GetInt64(3)), FromMs(reader.GetInt64(4))));
        }

        return result;
    }

    /// <summary>Runs <c>PRAGMA integrity_check</c>; returns <c>ok</c> for a sound database, otherwise SQLite's findings.</summary>
    public async Task<string> CheckIntegrityAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var lines = new List<string>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        _writeGate.Dispose();
    }

    private long Commit(SqliteCommand command, ReadOnlySpan<Candle> batch, int batchNumber, ref long total, IProgress<CandleBatchCommitted>? progress)
    {
        foreach (ref readonly var candle in batch)
        {
            if (!(double.IsFinite(candle.Open) && double.IsFinite(candle.High) && double.IsFinite(candle.Low) && double.IsFinite(candle.Close) && double.IsFinite(candle.Volume)))
            {
                throw new CandleValidationException("candle has a non-finite price or volume and cannot be stored", Path, null, "candle", candle.ToString());
            }

            if (double.IsInfinity(candle.QuoteVolume) || double.IsInfinity(candle.TradeCount) || double.IsInfinity(candle.TakerBuyVolume) || double.IsInfinity(candle.TakerBuyQuoteVolume))
            {
                throw new CandleValidationException("candle has an infinite order-flow value and cannot be stored", Path, null, "order flow", candle.ToString());
            }
        }

        long written = 0;
        using (var transaction = _writer.BeginTransaction())
        {
            command.Transaction = transaction;
            var p = command.Parameters;
            foreach (ref readonly var candle in batch)
            {
                p[1].Value = ToMs(candle.Timestamp);
                p[2].Value = candle.Open;
                p[3].Value = candle.High;
                p[4].Value = candle.Low;
                p[5].Value = candle.Close;
                p[6].Value = candle.Volume;
                p[7].Value = DbValue(candle.QuoteVolume);
                p[8].Value = DbValue(candle.TradeCount);
                p[9].Value = DbValue(candle.TakerBuyVolume);
                p[10].Value = DbValue(candle.TakerBuyQuoteVolume);
                written += command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        total += batch.Length;
        progress?.Report(new CandleBatchCommitted(batchNumber, batch.Length, written, batch[0].Timestamp, batch[^1].Timestamp, total));
        return written;
    }

    private SqliteCommand CreateUpsertCommand(long series)
    {
        var command = _writer.CreateCommand();
        command.CommandText = UpsertSql;
        command.Parameters.AddWithValue("$series", series);
        command.Parameters.Add("$ts", SqliteType.Integer);
        foreach (string name in new[] { "$open", "$high", "$low", "$close", "$volume", "$quote_volume", "$trade_count", "$taker_buy_volume", "$taker_buy_quote_volume" })
        {
            command.Parameters.Add(name, SqliteType.Real);
        }

        command.Prepare();
        return command;
    }

    private long GetOrCreateSeries(Symbol symbol, Interval interval)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = """
            INSERT INTO candle_series (symbol, interval) VALUES ($symbol, $interval) ON CONFLICT (symbol, interval) DO NOTHING;
            SELECT id FROM candle_series WHERE symbol = $symbol AND interval = $interval;
            """;
        command.Parameters.AddWithValue("$symbol", symbol.Value);
        command.Parameters.AddWithValue("$interval", interval.Name);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={_options.BusyTimeoutMilliseconds};"));
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static Candle ReadCandle(SqliteDataReader reader) =>
        new(FromMs(reader.GetInt64(0)), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5),
            Optional(reader, 6), Optional(reader, 7), Optional(reader, 8), Optional(reader, 9));

    private static double Optional(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    private static object DbValue(double value) => double.IsNaN(value) ? DBNull.Value : value;

    // Databases created before order flow was stored lack its columns: add them (nullable, so every row is kept as is).
    private static void AddOrderFlowColumns(SqliteConnection connection)
    {
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA table_info(candles)";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                existing.Add(reader.GetString(1));
            }
        }

        foreach (string column in OrderFlowColumns)
        {
            if (!existing.Contains(column))
            {
                Execute(connection, $"ALTER TABLE candles ADD COLUMN {column} REAL");
            }
        }
    }

    private static long ToMs(DateTime time) =>
        ((time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    private static DateTime FromMs(long ms) => new(DateTime.UnixEpoch.Ticks + (ms * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
