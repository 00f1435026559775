using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PredictionSdk.Data;
using PredictionSdk.Data.Replay;
using PredictionSdk.Orleans;

namespace PredictionSdk.Server.Tests;

/// <summary>
/// An Orleans cluster of silos in this process on loopback ports (localhost clustering), each hosting PredictionSdk
/// symbol grains over a replay of one bundled file: the first <see cref="HistoryBars"/> bars are served as warm-up
/// history, the next <see cref="LiveBars"/> replay live at <see cref="Speed"/>× market speed.
/// </summary>
internal sealed class LoopbackSilos : IAsyncDisposable
{
    public const int HistoryBars = 300;
    public const int LiveBars = 400;

    /// <summary>About <see cref="LiveBars"/> one-minute bars in 7 s.</summary>
    public const double Speed = 3600;

    private readonly List<IHost> _silos = [];

    private LoopbackSilos(IReadOnlyList<string> gateways, IReadOnlyList<Candle> series) => (Gateways, Series) = (gateways, series);

    /// <summary>The silos' client gateways as <c>ip:port</c>.</summary>
    public IReadOnlyList<string> Gateways { get; }

    /// <summary>The replayed bars: history, then the live part.</summary>
    public IReadOnlyList<Candle> Series { get; }

    /// <summary>Silo ports, then gateway ports: pass them to <see cref="StartAsync"/> to start the cluster again on the same ports.</summary>
    public IReadOnlyList<int> Ports { get; private init; } = [];

    public static async Task<LoopbackSilos> StartAsync(int count, Symbol symbol, string file, string modelPath, IReadOnlyList<int>? samePorts = null)
    {
        var bars = (await CandleFile.ReadAllAsync(file)).Take(HistoryBars + LiveBars).ToArray();
        int[] ports = samePorts is null ? FreePorts(2 * count) : [.. samePorts];
        var silos = new LoopbackSilos([.. Enumerable.Range(0, count).Select(i => $"127.0.0.1:{ports[count + i]}")], bars) { Ports = ports };
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
                int index = i;
                builder.UseOrleans(silo =>
                {
                    silo.UseLocalhostClustering(siloPort: ports[index], gatewayPort: ports[count + index], primarySiloEndpoint: primary);
                    silo.AddMemoryStreams(PredictionStreams.DefaultProviderName);
                    silo.AddMemoryGrainStorage("PubSubStore");
                    silo.AddMemoryGrainStorage(PredictionStreams.StorageName);
                    silo.Services.AddSingleton<ICandleSource>(_ => new ReplayCandleSource(
                        new Dictionary<Symbol, IReadOnlyList<Candle>> { [symbol] = bars },
                        new ReplayOptions { Speed = ReplaySpeed.Times(Speed), From = bars[HistoryBars].Timestamp }));
                    silo.AddPredictionSdk(o =>
                    {
                        o.ModelPath = modelPath;
                        o.BucketDelay = TimeSpan.FromMilliseconds(50);
                    });
                });
                var host = builder.Build();
                silos._silos.Add(host);
                await host.StartAsync();
            }

            return silos;
        }
        catch
        {
            await silos.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Newest first: the primary silo (the first) holds the membership the others report to.
        for (int i = _silos.Count - 1; i >= 0; i--)
        {
            await _silos[i].StopAsync(TimeSpan.FromSeconds(5));
            _silos[i].Dispose();
        }

        _silos.Clear();
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var listener in listeners)
        {
            listener.Start();
        }

        int[] ports = [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        foreach (var listener in listeners)
        {
            listener.Stop();
        }

        return ports;
    }
}
