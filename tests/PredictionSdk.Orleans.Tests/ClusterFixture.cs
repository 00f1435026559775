using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using PredictionSdk.Data;
using PredictionSdk.Data.Replay;

namespace PredictionSdk.Orleans.Tests;

/// <summary>Starts and stops the in-process test clusters, each with fresh grain storage.</summary>
internal static class TestClusters
{
    public static async Task<TestCluster> DeployAsync(short silos)
    {
        PredictionSdk.Cluster.ProcessGrainStorage.Clear();
        var builder = new TestClusterBuilder(silos);
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static async Task StopAsync(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}

/// <summary>The symbols, their bars and the replay the test silos share.</summary>
internal static class ClusterData
{
    public const int WarmUpBars = 300;
    public const int LiveBars = 900;

    /// <summary>Replay pace: <see cref="LiveBars"/> one-minute bars in about 15 s.</summary>
    public const double Speed = 3600;

    private static readonly Lazy<IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>>> LazySeries = new(Load);

    public static string ModelPath => Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk");

    /// <summary>Eight symbols: the two bundled crypto files of the same month, each under four names.</summary>
    public static IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>> Series => LazySeries.Value;

    public static DateTime LiveFrom(Symbol symbol) => Series[symbol][WarmUpBars].Timestamp;

    public static ReplayCandleSource CreateSource()
    {
        // The live part starts after the warm-up bars; those are served as history.
        var options = new ReplayOptions { Speed = ReplaySpeed.Times(Speed), From = Series.Values.First()[WarmUpBars].Timestamp };
        return new ReplayCandleSource(Series, options);
    }

    private static IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>> Load()
    {
        string data = Path.Combine(AppContext.BaseDirectory, "data");
        var btc = Read(Path.Combine(data, "BTCUSDT-1m-2024-01.csv.gz"));
        var eth = Read(Path.Combine(data, "ETHUSDT-1m-2024-01.csv.gz"));
        return new Dictionary<Symbol, IReadOnlyList<Candle>>
        {
            [Symbol.Parse("BTC-USDT")] = btc,
            [Symbol.Parse("BTC-EUR")] = btc,
            [Symbol.Parse("BTC-USDC")] = btc,
            [Symbol.Parse("ETH-USDT")] = eth,
            [Symbol.Parse("ETH-EUR")] = eth,
            [Symbol.Parse("ETH-USDC")] = eth,
            [Symbol.Parse("BTC-BUSD")] = btc,
            [Symbol.Parse("ETH-BUSD")] = eth,
        };
    }

    private static Candle[] Read(string path)
    {
        // A contiguous stretch of the file (both start at 2024-01-01 00:00): warm-up history, then the live part.
        var all = Task.Run(() => CandleFile.ReadAllAsync(path)).GetAwaiter().GetResult();
        return [.. all.Take(WarmUpBars + LiveBars)];
    }
}

/// <summary>Silo setup of the test cluster: memory streams, shared storage, the replay and the bundled model.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    /// <inheritdoc />
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddMemoryStreams(PredictionStreams.DefaultProviderName);
        siloBuilder.Services.AddGrainStorage("PubSubStore", (sp, _) => new PredictionSdk.Cluster.ProcessGrainStorage(sp.GetRequiredService<DeepCopier>()));
        siloBuilder.Services.AddGrainStorage(PredictionStreams.StorageName, (sp, _) => new PredictionSdk.Cluster.ProcessGrainStorage(sp.GetRequiredService<DeepCopier>()));
        siloBuilder.Services.AddSingleton<ICandleSource>(_ => ClusterData.CreateSource());
        siloBuilder.AddPredictionSdk(o =>
        {
            o.ModelPath = ClusterData.ModelPath;
            o.Pipeline.WarmUpBars = ClusterData.WarmUpBars;
            o.BucketDelay = TimeSpan.FromMilliseconds(50);
        });
    }
}

/// <summary>Client setup of the test cluster.</summary>
public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    /// <inheritdoc />
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.AddMemoryStreams(PredictionStreams.DefaultProviderName).AddPredictionSdkClient();
}
