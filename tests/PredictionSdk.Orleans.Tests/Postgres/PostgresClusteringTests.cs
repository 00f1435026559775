using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace PredictionSdk.Orleans.Tests;

/// <summary>The PostgreSQL membership table, gateway list and grain storage against a real server.</summary>
public sealed class PostgresClusteringTests
{
    private static readonly DateTime Start = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [PostgresFact]
    public async Task Membership_changes_need_the_table_etag_that_was_read_and_heartbeats_do_not_invalidate_it()
    {
        await using var connections = new PostgresConnections();
        var (table, _) = Open(connections, out string clusterId);
        await table.InitializeMembershipTable(tryInitTableVersion: true);
        var empty = await table.ReadAll();
        Assert.Empty(empty.Members);

        var first = Entry(11111, SiloStatus.Joining);
        Assert.True(await table.InsertRow(first, empty.Version.Next()));
        // The same etag again: another silo's insert already changed the table.
        Assert.False(await table.InsertRow(Entry(11112, SiloStatus.Joining), empty.Version.Next()));
        var one = await table.ReadAll();
        Assert.Equal(empty.Version.Version + 1, one.Version.Version);
        // A row that exists cannot be inserted twice, whatever the etag.
        Assert.False(await table.InsertRow(first, one.Version.Next()));

        var (stored, rowEtag) = Assert.Single(one.Members);
        Assert.Equal(first.SiloAddress, stored.SiloAddress);
        Assert.Equal(SiloStatus.Joining, stored.Status);
        Assert.Equal(first.ProxyPort, stored.ProxyPort);
        Assert.Equal(Start, stored.StartTime);

        // A heartbeat changes only the liveness time: the etags read before it still work.
        first.IAmAliveTime = Start.AddMinutes(3);
        await table.UpdateIAmAlive(first);
        var active = Entry(11111, SiloStatus.Active);
        active.AddSuspector(Entry(11113, SiloStatus.Active).SiloAddress, Start.AddMinutes(1));
        Assert.False(await table.UpdateRow(active, "999", one.Version.Next()));
        Assert.True(await table.UpdateRow(active, rowEtag, one.Version.Next()));
        Assert.False(await table.UpdateRow(active, rowEtag, one.Version.Next()));

        var row = await table.ReadRow(first.SiloAddress);
        var (updated, _) = Assert.Single(row.Members);
        Assert.Equal(SiloStatus.Active, updated.Status);
        var (suspector, at) = Assert.Single(updated.SuspectTimes!);
        Assert.Equal(11113, suspector.Endpoint.Port);
        Assert.Equal(Start.AddMinutes(1), at);
        Assert.Equal(one.Version.Version + 1, row.Version.Version);

        await table.DeleteMembershipTableEntries(clusterId);
        Assert.Empty((await table.ReadAll()).Members);
    }

    [PostgresFact]
    public async Task Clients_see_the_active_silos_with_a_gateway_and_dead_silos_are_cleaned_up()
    {
        await using var connections = new PostgresConnections();
        var (table, gateways) = Open(connections, out string clusterId);
        await table.InitializeMembershipTable(tryInitTableVersion: true);
        await gateways.InitializeGatewayListProvider();
        var version = (await table.ReadAll()).Version;
        foreach (var entry in new[] { Entry(11111, SiloStatus.Active), Entry(11112, SiloStatus.Dead), Entry(11113, SiloStatus.Active, proxyPort: 0) })
        {
            version = version.Next();
            Assert.True(await table.InsertRow(entry, version));
            version = (await table.ReadAll()).Version;
        }

        var uri = Assert.Single(await gateways.GetGateways());
        Assert.Equal(30001, uri.Port);

        await table.CleanupDefunctSiloEntries(Start.AddMinutes(1));
        Assert.Equal([11111, 11113], (await table.ReadAll()).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order());
        await table.DeleteMembershipTableEntries(clusterId);
    }

    [PostgresFact]
    public async Task Grain_state_round_trips_and_a_stale_etag_is_refused()
    {
        using var services = new ServiceCollection().AddSerializer(s => s.AddPredictionSdkTypes()).BuildServiceProvider();
        await using var connections = new PostgresConnections();
        var storage = new PostgresGrainStorage(connections.For(PostgresFactAttribute.ConnectionString!), $"test-{Guid.NewGuid():N}", services.GetRequiredService<Serializer>());
        var grain = GrainId.Create("symbol", "ETH-USDT");
        var bar = new DateTime(2024, 1, 2, 3, 4, 0, DateTimeKind.Utc);

        var mine = new GrainState<SymbolGrainState>(new SymbolGrainState());
        await storage.ReadStateAsync("symbol", grain, mine);
        Assert.False(mine.RecordExists);
        mine.State!.Started = true;
        mine.State!.LastEmittedBar = bar;
        await storage.WriteStateAsync("symbol", grain, mine);

        var other = new GrainState<SymbolGrainState>(new SymbolGrainState());
        await storage.ReadStateAsync("symbol", grain, other);
        Assert.True(other.RecordExists);
        Assert.True(other.State!.Started);
        Assert.Equal(bar, other.State!.LastEmittedBar);

        // The other activation writes first; the one holding the older etag must not overwrite it.
        other.State!.LastEmittedBar = bar.AddMinutes(1);
        await storage.WriteStateAsync("symbol", grain, other);
        mine.State!.LastEmittedBar = bar.AddMinutes(2);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("symbol", grain, mine));
        // Nor may a writer that believes there is no row.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("symbol", grain, new GrainState<SymbolGrainState>(new SymbolGrainState())));

        var check = new GrainState<SymbolGrainState>(new SymbolGrainState());
        await storage.ReadStateAsync("symbol", grain, check);
        Assert.Equal(bar.AddMinutes(1), check.State!.LastEmittedBar);

        await storage.ClearStateAsync("symbol", grain, check);
        var cleared = new GrainState<SymbolGrainState>(new SymbolGrainState());
        await storage.ReadStateAsync("symbol", grain, cleared);
        Assert.False(cleared.RecordExists);
    }

    private static (PostgresMembershipTable Table, PostgresGatewayListProvider Gateways) Open(PostgresConnections connections, out string clusterId)
    {
        clusterId = $"test-{Guid.NewGuid():N}";
        var connection = Options.Create(new PostgresClusteringOptions { ConnectionString = PostgresFactAttribute.ConnectionString });
        var cluster = Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "psdk-tests" });
        return (new PostgresMembershipTable(connections, connection, cluster), new PostgresGatewayListProvider(connections, connection, cluster, Options.Create(new GatewayOptions())));
    }

    private static MembershipEntry Entry(int port, SiloStatus status, int proxyPort = -1) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 42),
        Status = status,
        ProxyPort = proxyPort < 0 ? port - 11111 + 30001 : proxyPort,
        HostName = "localhost",
        SiloName = $"silo-{port}",
        StartTime = Start,
        IAmAliveTime = Start,
        SuspectTimes = [],
    };
}
