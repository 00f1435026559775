using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace PredictionSdk.Orleans;

/// <summary>
/// Tells an Orleans client which silos accept clients: the active members of the PostgreSQL membership table that
/// opened a gateway port.
/// </summary>
internal sealed class PostgresGatewayListProvider(
    PostgresConnections connections,
    IOptions<PostgresClusteringOptions> options,
    IOptions<ClusterOptions> cluster,
    IOptions<GatewayOptions> gateway) : IGatewayListProvider
{
    private readonly NpgsqlDataSource _dataSource = connections.For(options.Value.ConnectionString!);

    public TimeSpan MaxStaleness => gateway.Value.GatewayListRefreshPeriod;

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => PostgresClusterSchema.EnsureAsync(_dataSource, CancellationToken.None);

    public async Task<IList<Uri>> GetGateways()
    {
        using var command = _dataSource.CreateCommand("SELECT silo, proxy_port FROM psdk_cluster_members WHERE cluster_id = $1 AND status = $2 AND proxy_port > 0");
        command.Parameters.AddWithValue(cluster.Value.ClusterId);
        command.Parameters.AddWithValue((int)SiloStatus.Active);
        var gateways = new List<Uri>();
        using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var silo = SiloAddress.FromParsableString(reader.GetString(0));
            gateways.Add(SiloAddress.New(new IPEndPoint(silo.Endpoint.Address, reader.GetInt32(1)), silo.Generation).ToGatewayUri());
        }

        return gateways;
    }
}
