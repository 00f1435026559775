using Microsoft.Data.Sqlite;

namespace PredictionSdk.Data.Storage.Sqlite;

/// <summary>
/// <see cref="IPredictionStore"/> on an embedded SQLite file (WAL). Times are stored as Unix milliseconds.
/// </summary>
public sealed class SqlitePredictionStore : IPredictionStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Opens (and creates if needed) the store at <paramref name="path"/>.</summary>
    public SqlitePredictionStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS predictions (
                symbol TEXT NOT NULL, ts INTEGER NOT NULL, horizon INTEGER NOT NULL, model_version TEXT NOT NULL,
                interval TEXT NOT NULL, target_time INTEGER NOT NULL, current_price REAL NOT NULL, predicted_price REAL NOT NULL,
                direction TEXT NOT NULL, confidence REAL NOT NULL, lower REAL NOT NULL, upper REAL NOT NULL, coverage REAL NOT NULL,
                rsi REAL, macd REAL, bb_upper REAL, bb_lower REAL, actual_price REAL,
                PRIMARY KEY (symbol, ts, horizon, model_version));
            CREATE INDEX IF NOT EXISTS predictions_target ON predictions (symbol, target_time);
            """);
    }

    /// <inheritdoc />
    public async Task SaveAsync(Prediction prediction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (prediction.IsPreview)
        {
            // A row cannot say "preview", and a stored preview would keep out the final prediction of its bar.
            return;
        }

        object?[] values = PredictionRows.Values(prediction, ToMs);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"INSERT INTO predictions ({PredictionRows.Columns}) VALUES ({string.Join(", ", values.Select((_, i) => $"$p{i}"))}) " +
                "ON CONFLICT (symbol, ts, horizon, model_version) DO NOTHING";
            for (int i = 0; i < values.Length; i++)
            {
                command.Parameters.AddWithValue($"$p{i}", values[i] ?? DBNull.Value);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<int> SettleAsync(Symbol symbol, DateTime targetTime, double actualPrice, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE predictions SET actual_price = $a WHERE symbol = $s AND target_time = $t";
            command.Parameters.AddWithValue("$a", actualPrice);
            command.Parameters.AddWithValue("$s", symbol.Value);
            command.Parameters.AddWithValue("$t", ToMs(targetTime));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PredictionRecord>> GetHistoryAsync(Symbol symbol, DateTime? from, DateTime? to, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {PredictionRows.Columns} FROM predictions WHERE symbol = $s AND ts >= $from AND ts < $to ORDER BY ts DESC, horizon LIMIT $limit";
            command.Parameters.AddWithValue("$s", symbol.Value);
            command.Parameters.AddWithValue("$from", from is { } f ? ToMs(f) : long.MinValue);
            command.Parameters.AddWithValue("$to", to is { } t ? ToMs(t) : long.MaxValue);
            command.Parameters.AddWithValue("$limit", limit);
            var records = new List<PredictionRecord>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(PredictionRows.Read(i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
            }

            return records;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    private static object ToMs(DateTime time) => (long)(PredictionRows.Utc(time) - DateTime.UnixEpoch).TotalMilliseconds;

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
