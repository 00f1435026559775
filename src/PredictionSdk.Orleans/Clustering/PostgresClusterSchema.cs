using Npgsql;

namespace PredictionSdk.Orleans;

/// <summary>
/// The tables the PostgreSQL membership, gateway list and grain storage use, created on first use. Every statement the
/// providers run is in their own files; this one only owns the schema.
/// </summary>
internal static class PostgresClusterSchema
{
    // Silos start together: the advisory lock serialises their CREATE TABLE IF NOT EXISTS, which can otherwise fail
    // on a concurrent catalog insert.
    private const string Create = """
        SELECT pg_advisory_xact_lock(727161);
        CREATE TABLE IF NOT EXISTS psdk_cluster_version (
            cluster_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            etag BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS psdk_cluster_members (
            cluster_id TEXT NOT NULL,
            silo TEXT NOT NULL,
            status INTEGER NOT NULL,
            proxy_port INTEGER NOT NULL,
            host_name TEXT,
            silo_name TEXT,
            role_name TEXT,
            update_zone INTEGER NOT NULL,
            fault_zone INTEGER NOT NULL,
            start_time TIMESTAMPTZ NOT NULL,
            i_am_alive TIMESTAMPTZ NOT NULL,
            suspect_times TEXT NOT NULL,
            etag BIGINT NOT NULL,
            PRIMARY KEY (cluster_id, silo));
        CREATE TABLE IF NOT EXISTS psdk_grain_state (
            service_id TEXT NOT NULL,
            state_name TEXT NOT NULL,
            grain_id TEXT NOT NULL,
            payload BYTEA NOT NULL,
            etag BIGINT NOT NULL,
            PRIMARY KEY (service_id, state_name, grain_id));
        """;

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using (var command = new NpgsqlCommand(Create, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PostgreSQL stores instants: a local or unspecified time is taken as what it says it is, in UTC.</summary>
    public static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
