using System.Collections.Concurrent;
using Npgsql;

namespace PredictionSdk.Orleans;

/// <summary>
/// One connection pool per database for everything of a silo or client that talks to PostgreSQL (membership, gateway
/// list, every grain storage), so a process holds a bounded number of connections however many grains it activates.
/// </summary>
internal sealed class PostgresConnections : IAsyncDisposable
{
    /// <summary>Connections one process opens to one database unless its connection string sets Maximum Pool Size.</summary>
    public const int DefaultMaxPoolSize = 16;

    private readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> _sources = new(StringComparer.Ordinal);

    public NpgsqlDataSource For(string connectionString) => _sources.GetOrAdd(connectionString, cs => new Lazy<NpgsqlDataSource>(() =>
    {
        var builder = new NpgsqlConnectionStringBuilder(cs);
        // Npgsql's default of 100 per pool is PostgreSQL's whole default connection limit: a few silos would exhaust it.
        if (!cs.Contains("Pool Size", StringComparison.OrdinalIgnoreCase) && !cs.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    })).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values.Where(s => s.IsValueCreated))
        {
            await source.Value.DisposeAsync().ConfigureAwait(false);
        }
    }
}
