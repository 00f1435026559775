using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using PredictionSdk.Data;
using PredictionSdk.Data.Replay;
using PredictionSdk.Orleans;

namespace PredictionSdk.Cluster;

/// <summary>How a silo and the client of the demo are configured, in one process or in many.</summary>
internal static class SiloSetup
{
    /// <summary>One symbol per file, named after the file's first dash-separated part (BTCUSDT-1m-2024-01.csv.gz → BTCUSDT).</summary>
    public static async Task<Dictionary<Symbol, IReadOnlyList<Candle>>> ReadSeriesAsync(DemoOptions options)
    {
        var files = Directory.GetFiles(options.Input)
            .Where(f => f.EndsWith(".csv.gz", StringComparison.Ordinal) || f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".parquet", StringComparison.Ordinal))
            .Order().ToArray();
        var series = new Dictionary<Symbol, IReadOnlyList<Candle>>();
        foreach (string file in files)
        {
            var symbol = Symbol.Parse(Path.GetFileName(file).Split('-', '.')[0]);
            series[symbol] = [.. (await CandleFile.ReadAllAsync(file)).Take(options.Bars)];
        }

        return series;
    }

    /// <summary>
    /// The replay of the input files. With <see cref="DemoOptions.HistoryBars"/>, the live replay starts that many bars
    /// after the latest first bar, and the bars before serve as warm-up history, so predictions start at once.
    /// </summary>
    public static ICandleSource Replay(DemoOptions options, Dictionary<Symbol, IReadOnlyList<Candle>> series)
    {
        var replay = new ReplayOptions { Speed = options.Speed <= 0 ? ReplaySpeed.Max : ReplaySpeed.Times(options.Speed) };
        if (options.HistoryBars > 0 && series.Count > 0)
        {
            replay.From = series.Values.Max(s => s[0].Timestamp) + (replay.Interval.Duration * options.HistoryBars);
        }

        return new ReplayCandleSource(series, replay);
    }

    /// <summary>The silo's feed: a replay of the input files, or (for the latency benchmark) the boundary schedule over the first file.</summary>
    public static ICandleSource Source(DemoOptions options, Dictionary<Symbol, IReadOnlyList<Candle>> series) => options.Source == "boundary"
        ? new BoundaryCandleSource(series.Values.First(), options.T0, options.Period)
        : Replay(options, series);

    /// <summary>A host whose logs go to stderr (stdout carries only the JSON result) at warning level.</summary>
    public static HostApplicationBuilder HostBuilder()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Critical);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return builder;
    }

    public static void ConfigureSilo(ISiloBuilder silo, DemoOptions options, ICandleSource source, int index)
    {
        if (options.UsesPostgres)
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ClusterId));
            silo.ConfigureEndpoints(IPAddress.Loopback, options.SiloPort(index), options.GatewayPort(index));
            silo.UsePostgresClustering(options.Connection!);
            silo.AddPostgresGrainStorage("PubSubStore", options.Connection!);
            silo.AddPostgresGrainStorage(PredictionStreams.StorageName, options.Connection!);
            // A killed process refuses connections at once: two missed 2 s probes are enough to declare it dead.
            silo.Configure<ClusterMembershipOptions>(o => (o.ProbeTimeout, o.NumMissedProbesLimit) = (TimeSpan.FromSeconds(2), 2));
        }
        else
        {
            silo.UseLocalhostClustering(siloPort: options.SiloPort(index), gatewayPort: options.GatewayPort(index), primarySiloEndpoint: new IPEndPoint(IPAddress.Loopback, options.SiloPort(0)));
            silo.Services.AddGrainStorage("PubSubStore", (sp, _) => new ProcessGrainStorage(sp.GetRequiredService<DeepCopier>()));
            silo.Services.AddGrainStorage(PredictionStreams.StorageName, (sp, _) => new ProcessGrainStorage(sp.GetRequiredService<DeepCopier>()));
        }

        // Memory streams poll their queues every 100 ms by default, which alone would exceed the benchmark's 50 ms budget.
        var poll = TimeSpan.FromMilliseconds(options.Source == "boundary" ? 5 : 100);
        silo.AddMemoryStreams(PredictionStreams.DefaultProviderName, s => s.ConfigurePullingAgent(a => a.Configure(o => o.GetQueueMsgsTimerPeriod = poll)));
        silo.Services.AddSingleton(source);
        silo.AddPredictionSdk(o =>
        {
            o.ModelPath = options.Model;
            // Files of different periods each replay on their own subscription, from their own first bar; the
            // boundary feed serves any number of symbols on one.
            o.SymbolsPerConnection = options.Source == "boundary" ? 200 : 1;
        });
    }

    public static void ConfigureClient(IClientBuilder client, DemoOptions options)
    {
        if (options.UsesPostgres)
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ClusterId));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
            client.UsePostgresClustering(options.Connection!);
        }
        else
        {
            client.UseLocalhostClustering([.. Enumerable.Range(0, options.Silos).Select(options.GatewayPort)]);
        }

        client.AddMemoryStreams(PredictionStreams.DefaultProviderName).AddPredictionSdkClient();
    }
}
