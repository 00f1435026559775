using System.Globalization;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace PredictionSdk.Orleans;

/// <summary>
/// Orleans grain storage on PostgreSQL: one row per (service, state name, grain) holding the state in Orleans' binary
/// serialization and a version number as its ETag. A write whose ETag is not the stored one fails with
/// <see cref="InconsistentStateException"/>, which is what keeps a stale activation from publishing.
/// </summary>
internal sealed class PostgresGrainStorage(NpgsqlDataSource dataSource, string serviceId, Serializer serializer) : IGrainStorage
{
    private readonly NpgsqlDataSource _dataSource = dataSource;
    private Task? _schema;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureSchemaAsync().ConfigureAwait(false);
        using var command = _dataSource.CreateCommand("SELECT payload, etag FROM psdk_grain_state WHERE service_id = $1 AND state_name = $2 AND grain_id = $3");
        AddKey(command, stateName, grainId);
        using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (await reader.ReadAsync().ConfigureAwait(false))
        {
            grainState.State = serializer.Deserialize<T>((byte[])reader.GetValue(0));
            grainState.ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureSchemaAsync().ConfigureAwait(false);
        byte[] payload = serializer.SerializeToArray(grainState.State);
        long? expected = ParseETag(grainState.ETag);
        // No ETag: the caller believes there is no row, so an existing one is a conflict, as is a changed version.
        using var command = _dataSource.CreateCommand(expected is null
            ? "INSERT INTO psdk_grain_state (service_id, state_name, grain_id, payload, etag) VALUES ($1, $2, $3, $4, 1) ON CONFLICT DO NOTHING RETURNING etag"
            : "UPDATE psdk_grain_state SET payload = $4, etag = etag + 1 WHERE service_id = $1 AND state_name = $2 AND grain_id = $3 AND etag = $5 RETURNING etag");
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue(payload);
        if (expected is { } version)
        {
            command.Parameters.AddWithValue(version);
        }

        if (await command.ExecuteScalarAsync().ConfigureAwait(false) is not long written)
        {
            throw new InconsistentStateException($"Grain storage: {stateName} of {grainId} was changed by another activation (expected ETag '{grainState.ETag ?? "none"}').", (string?)null, grainState.ETag);
        }

        grainState.ETag = written.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureSchemaAsync().ConfigureAwait(false);
        using var command = _dataSource.CreateCommand("DELETE FROM psdk_grain_state WHERE service_id = $1 AND state_name = $2 AND grain_id = $3");
        AddKey(command, stateName, grainId);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private Task EnsureSchemaAsync() => _schema ??= PostgresClusterSchema.EnsureAsync(_dataSource, CancellationToken.None);

    private void AddKey(NpgsqlCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(stateName);
        command.Parameters.AddWithValue(grainId.ToString());
    }

    private static long? ParseETag(string? etag) =>
        etag is null ? null : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out long version) ? version : -1;
}
