using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;

namespace PredictionSdk.Orleans;

/// <summary>
/// Orleans cluster membership on PostgreSQL: one row per silo plus one version row per cluster. Optimistic concurrency
/// as Orleans requires it: an insert or update succeeds only if the version row still carries the etag the caller read
/// (and, for an update, the silo row its etag), both changed in one transaction or neither.
/// </summary>
/// <remarks>Heartbeats (<see cref="UpdateIAmAlive"/>) touch only the liveness time, so they never invalidate an etag a
/// silo read before them.</remarks>
internal sealed class PostgresMembershipTable(PostgresConnections connections, IOptions<PostgresClusteringOptions> options, IOptions<ClusterOptions> cluster) : IMembershipTable
{
    private const string Columns = "silo, status, proxy_port, host_name, silo_name, role_name, update_zone, fault_zone, start_time, i_am_alive, suspect_times, etag";
    private readonly NpgsqlDataSource _dataSource = connections.For(options.Value.ConnectionString!);
    private readonly string _clusterId = cluster.Value.ClusterId;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        await PostgresClusterSchema.EnsureAsync(_dataSource, CancellationToken.None).ConfigureAwait(false);
        if (tryInitTableVersion)
        {
            using var command = _dataSource.CreateCommand("INSERT INTO psdk_cluster_version (cluster_id, version, etag) VALUES ($1, 0, 0) ON CONFLICT DO NOTHING");
            command.Parameters.AddWithValue(_clusterId);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        using var batch = _dataSource.CreateBatch();
        foreach (string table in new[] { "psdk_cluster_members", "psdk_cluster_version" })
        {
            var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE cluster_id = $1");
            command.Parameters.AddWithValue(clusterId);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        using var command = _dataSource.CreateCommand("DELETE FROM psdk_cluster_members WHERE cluster_id = $1 AND status = $2 AND i_am_alive < $3");
        command.Parameters.AddWithValue(_clusterId);
        command.Parameters.AddWithValue((int)SiloStatus.Dead);
        command.Parameters.AddWithValue(beforeDate.UtcDateTime);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadAsync(key);

    public Task<MembershipTableData> ReadAll() => ReadAsync(null);

    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        return await ChangeAsync(tableVersion, $"""
            INSERT INTO psdk_cluster_members (cluster_id, {Columns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1)
            ON CONFLICT DO NOTHING
            """, entry, rowEtag: null).ConfigureAwait(false);
    }

    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out long rowEtag))
        {
            return false;
        }

        return await ChangeAsync(tableVersion, """
            UPDATE psdk_cluster_members SET status = $3, proxy_port = $4, host_name = $5, silo_name = $6, role_name = $7,
                update_zone = $8, fault_zone = $9, start_time = $10, i_am_alive = $11, suspect_times = $12, etag = etag + 1
            WHERE cluster_id = $1 AND silo = $2 AND etag = $13
            """, entry, rowEtag).ConfigureAwait(false);
    }

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var command = _dataSource.CreateCommand("UPDATE psdk_cluster_members SET i_am_alive = $3 WHERE cluster_id = $1 AND silo = $2");
        command.Parameters.AddWithValue(_clusterId);
        command.Parameters.AddWithValue(entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue(PostgresClusterSchema.Utc(entry.IAmAliveTime));
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task<MembershipTableData> ReadAsync(SiloAddress? key)
    {
        using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        // One snapshot for the version and the rows: Orleans requires them to be read atomically.
        using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead).ConfigureAwait(false);
        var version = new TableVersion(0, "0");
        using (var command = new NpgsqlCommand("SELECT version, etag FROM psdk_cluster_version WHERE cluster_id = $1", connection, transaction))
        {
            command.Parameters.AddWithValue(_clusterId);
            using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            if (await reader.ReadAsync().ConfigureAwait(false))
            {
                version = new TableVersion(reader.GetInt32(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
            }
        }

        var rows = new List<Tuple<MembershipEntry, string>>();
        string filter = key is null ? string.Empty : " AND silo = $2";
        using (var command = new NpgsqlCommand($"SELECT {Columns} FROM psdk_cluster_members WHERE cluster_id = $1{filter}", connection, transaction))
        {
            command.Parameters.AddWithValue(_clusterId);
            if (key is not null)
            {
                command.Parameters.AddWithValue(key.ToParsableString());
            }

            using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                rows.Add(Tuple.Create(ReadEntry(reader), reader.GetInt64(11).ToString(CultureInfo.InvariantCulture)));
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return new MembershipTableData(rows, version);
    }

    private async Task<bool> ChangeAsync(TableVersion tableVersion, string rowStatement, MembershipEntry entry, long? rowEtag)
    {
        if (!long.TryParse(tableVersion.VersionEtag, NumberStyles.None, CultureInfo.InvariantCulture, out long versionEtag))
        {
            return false;
        }

        using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        using (var command = new NpgsqlCommand("UPDATE psdk_cluster_version SET version = $2, etag = etag + 1 WHERE cluster_id = $1 AND etag = $3", connection, transaction))
        {
            command.Parameters.AddWithValue(_clusterId);
            command.Parameters.AddWithValue(tableVersion.Version);
            command.Parameters.AddWithValue(versionEtag);
            if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        using (var command = new NpgsqlCommand(rowStatement, connection, transaction))
        {
            AddEntry(command, entry);
            if (rowEtag is { } expected)
            {
                command.Parameters.AddWithValue(expected);
            }

            if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return true;
    }

    private void AddEntry(NpgsqlCommand command, MembershipEntry entry)
    {
        var suspects = (entry.SuspectTimes ?? []).Select(s => new SuspectTime(s.Item1.ToParsableString(), PostgresClusterSchema.Utc(s.Item2))).ToArray();
        command.Parameters.AddWithValue(_clusterId);
        command.Parameters.AddWithValue(entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue((int)entry.Status);
        command.Parameters.AddWithValue(entry.ProxyPort);
        command.Parameters.AddWithValue((object?)entry.HostName ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)entry.SiloName ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)entry.RoleName ?? DBNull.Value);
        command.Parameters.AddWithValue(entry.UpdateZone);
        command.Parameters.AddWithValue(entry.FaultZone);
        command.Parameters.AddWithValue(PostgresClusterSchema.Utc(entry.StartTime));
        command.Parameters.AddWithValue(PostgresClusterSchema.Utc(entry.IAmAliveTime));
        command.Parameters.AddWithValue(JsonSerializer.Serialize(suspects));
    }

    private static MembershipEntry ReadEntry(NpgsqlDataReader reader)
    {
        var suspects = JsonSerializer.Deserialize<SuspectTime[]>(reader.GetString(10)) ?? [];
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(reader.GetString(0)),
            Status = (SiloStatus)reader.GetInt32(1),
            ProxyPort = reader.GetInt32(2),
            HostName = reader.IsDBNull(3) ? string.Empty : reader.GetString(3),
            SiloName = reader.IsDBNull(4) ? string.Empty : reader.GetString(4),
            RoleName = reader.IsDBNull(5) ? null : reader.GetString(5),
            UpdateZone = reader.GetInt32(6),
            FaultZone = reader.GetInt32(7),
            StartTime = reader.GetDateTime(8),
            IAmAliveTime = reader.GetDateTime(9),
            SuspectTimes = [.. suspects.Select(s => Tuple.Create(SiloAddress.FromParsableString(s.Silo), s.Time))],
        };
    }

    /// <summary>One death vote: who suspected the silo, and when.</summary>
    private sealed record SuspectTime(string Silo, DateTime Time);
}
