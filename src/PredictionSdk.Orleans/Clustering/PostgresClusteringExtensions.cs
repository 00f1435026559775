using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace PredictionSdk.Orleans;

/// <summary>
/// Runs an Orleans cluster on PostgreSQL: the membership table (which silos are alive, voted on by the silos
/// themselves), the gateway list clients connect through, and grain storage that outlives any silo. The tables are
/// created on first use (<c>psdk_cluster_version</c>, <c>psdk_cluster_members</c>, <c>psdk_grain_state</c>). A process
/// shares one connection pool per database among all of them, of at most 16 connections unless the connection string
/// sets <c>Maximum Pool Size</c>.
/// </summary>
public static class PostgresClusteringExtensions
{
    /// <summary>Keeps this silo's cluster membership in PostgreSQL; silos and clients with the same <see cref="ClusterOptions.ClusterId"/> form one cluster.</summary>
    /// <param name="siloBuilder">The silo.</param>
    /// <param name="connectionString">Npgsql connection string of the shared database.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    /// <example>
    /// <code>
    /// siloBuilder
    ///     .UsePostgresClustering(connectionString)
    ///     .AddPostgresGrainStorage("PubSubStore", connectionString)
    ///     .AddPostgresGrainStorage(PredictionStreams.StorageName, connectionString)
    ///     .ConfigureEndpoints(siloPort: 11111, gatewayPort: 30000);
    /// </code>
    /// </example>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder siloBuilder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(siloBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        siloBuilder.Services.Configure<PostgresClusteringOptions>(o => o.ConnectionString = connectionString);
        siloBuilder.Services.TryAddSingleton<PostgresConnections>();
        siloBuilder.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
        return siloBuilder;
    }

    /// <summary>Finds the cluster's gateways in the PostgreSQL membership table the silos keep.</summary>
    /// <param name="clientBuilder">The client.</param>
    /// <param name="connectionString">Npgsql connection string of the database the silos use.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder clientBuilder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(clientBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        clientBuilder.Services.Configure<PostgresClusteringOptions>(o => o.ConnectionString = connectionString);
        clientBuilder.Services.TryAddSingleton<PostgresConnections>();
        clientBuilder.Services.AddSingleton<IGatewayListProvider, PostgresGatewayListProvider>();
        return clientBuilder;
    }

    /// <summary>
    /// Adds a grain storage named <paramref name="name"/> on PostgreSQL, with ETag checks on every write; rows are keyed
    /// by <see cref="ClusterOptions.ServiceId"/>, so a redeployed service finds its grains' state again.
    /// </summary>
    /// <param name="siloBuilder">The silo.</param>
    /// <param name="name">Storage name grains refer to (for example <see cref="PredictionStreams.StorageName"/> or <c>PubSubStore</c>).</param>
    /// <param name="connectionString">Npgsql connection string of the shared database.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="connectionString"/> is empty.</exception>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder siloBuilder, string name, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(siloBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        siloBuilder.Services.TryAddSingleton<PostgresConnections>();
        siloBuilder.Services.AddGrainStorage(name, (sp, _) => new PostgresGrainStorage(
            sp.GetRequiredService<PostgresConnections>().For(connectionString),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<Serializer>()));
        return siloBuilder;
    }
}
