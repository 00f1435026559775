using Npgsql;
using NpgsqlTypes;

namespace PredictionSdk.Data.Storage.Postgres;

/// <summary><see cref="IPredictionStore"/> on PostgreSQL.</summary>
public sealed class PostgresPredictionStore : IPredictionStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresPredictionStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Connects with <paramref name="connectionString"/> and creates the table if it does not exist.</summary>
    public static async Task<PostgresPredictionStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var store = new PostgresPredictionStore(NpgsqlDataSource.Create(connectionString));
        using var command = store._dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS predictions (
                symbol TEXT NOT NULL, ts TIMESTAMPTZ NOT NULL, horizon INTEGER NOT NULL, model_version TEXT NOT NULL,
                interval TEXT NOT NULL, target_time TIMESTAMPTZ NOT NULL, current_price DOUBLE PRECISION NOT NULL,
                predicted_price DOUBLE PRECISION NOT NULL, direction TEXT NOT NULL, confidence DOUBLE PRECISION NOT NULL,
                lower DOUBLE PRECISION NOT NULL, upper DOUBLE PRECISION NOT NULL, coverage DOUBLE PRECISION NOT NULL,
                rsi DOUBLE PRECISION, macd DOUBLE PRECISION, bb_upper DOUBLE PRECISION, bb_lower DOUBLE PRECISION,
                actual_price DOUBLE PRECISION,
                PRIMARY KEY (symbol, ts, horizon, model_version));
            CREATE INDEX IF NOT EXISTS predictions_target ON predictions (symbol, target_time);
            """);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return store;
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

        object?[] values = PredictionRows.Values(prediction, t => PredictionRows.Utc(t));
        string placeholders = string.Join(", ", values.Select((_, i) => $"${i + 1}"));
        using var command = _dataSource.CreateCommand(
            $"INSERT INTO predictions ({PredictionRows.Columns}) VALUES ({placeholders}) ON CONFLICT (symbol, ts, horizon, model_version) DO NOTHING");
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters.Add(values[i] is null
                ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double }
                : new NpgsqlParameter { Value = values[i] });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> SettleAsync(Symbol symbol, DateTime targetTime, double actualPrice, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand("UPDATE predictions SET actual_price = $1 WHERE symbol = $2 AND target_time = $3");
        command.Parameters.Add(new() { Value = actualPrice });
        command.Parameters.Add(new() { Value = symbol.Value });
        command.Parameters.Add(new() { Value = PredictionRows.Utc(targetTime), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PredictionRecord>> GetHistoryAsync(Symbol symbol, DateTime? from, DateTime? to, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        using var command = _dataSource.CreateCommand(
            $"SELECT {PredictionRows.Columns} FROM predictions WHERE symbol = $1 AND ($2::timestamptz IS NULL OR ts >= $2) AND ($3::timestamptz IS NULL OR ts < $3) ORDER BY ts DESC, horizon LIMIT $4");
        command.Parameters.Add(new() { Value = symbol.Value });
        command.Parameters.Add(new() { Value = from is { } f ? PredictionRows.Utc(f) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = to is { } t ? PredictionRows.Utc(t) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = limit });
        var records = new List<PredictionRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(PredictionRows.Read(i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return records;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
