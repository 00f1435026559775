// A PredictionSdk cluster on one machine: N silos with localhost clustering and a client, all in this process.
// Every file of --input is replayed as one symbol through the cluster; after --kill-one-after one silo that hosts
// symbols is stopped without a graceful shutdown, its symbols resume on the others, and one JSON line reports
// what the client received.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using PredictionSdk;
using PredictionSdk.Cluster;
using PredictionSdk.Data;
using PredictionSdk.Data.Replay;
using PredictionSdk.Orleans;

var options = DemoOptions.Parse(args);
var files = Directory.GetFiles(options.Input).Where(f => f.EndsWith(".csv.gz", StringComparison.Ordinal) || f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".parquet", StringComparison.Ordinal)).Order().ToArray();
if (files.Length == 0)
{
    Console.Error.WriteLine($"{options.Input}: no candle files (.csv, .csv.gz, .parquet)");
    return 2;
}

// One symbol per file, named after the file's first dash-separated part (BTCUSDT-1m-2024-01.csv.gz → BTCUSDT).
var series = new Dictionary<Symbol, IReadOnlyList<Candle>>();
var replay = new ReplayOptions { Speed = options.Speed <= 0 ? ReplaySpeed.Max : ReplaySpeed.Times(options.Speed) };
// The first --bars bars of each file (all of them with --bars 0).
foreach (string file in files)
{
    var symbol = Symbol.Parse(Path.GetFileName(file).Split('-', '.')[0]);
    series[symbol] = [.. (await CandleFile.ReadAllAsync(file)).Take(options.Bars)];
}

var replaySource = new ReplayCandleSource(series, replay);

var silos = new List<IHost>();
for (int i = 0; i < options.Silos; i++)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Critical);
    // Logs go to stderr: stdout carries only the JSON result.
    builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    int index = i;
    builder.UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(siloPort: 11111 + index, gatewayPort: 30000 + index, primarySiloEndpoint: new IPEndPoint(IPAddress.Loopback, 11111));
        silo.AddMemoryStreams(PredictionStreams.DefaultProviderName);
        silo.Services.AddGrainStorage("PubSubStore", (sp, _) => new ProcessGrainStorage(sp.GetRequiredService<DeepCopier>()));
        silo.Services.AddGrainStorage(PredictionStreams.StorageName, (sp, _) => new ProcessGrainStorage(sp.GetRequiredService<DeepCopier>()));
        silo.Services.AddSingleton<ICandleSource>(replaySource);
        silo.AddPredictionSdk(o =>
        {
            o.ModelPath = options.Model;
            // Files of different periods each replay on their own subscription, from their own first bar.
            o.SymbolsPerConnection = 1;
        });
    });
    var host = builder.Build();
    await host.StartAsync();
    silos.Add(host);
}

var clientBuilder = Host.CreateApplicationBuilder();
clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Critical);
clientBuilder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
clientBuilder.UseOrleansClient(client => client
    .UseLocalhostClustering([.. Enumerable.Range(0, options.Silos).Select(i => 30000 + i)])
    .AddMemoryStreams(PredictionStreams.DefaultProviderName)
    .AddPredictionSdkClient());
using var clientHost = clientBuilder.Build();
await clientHost.StartAsync();
var cluster = clientHost.Services.GetRequiredService<PredictionClusterClient>();

var symbols = series.Keys.ToArray();
var received = new ConcurrentQueue<Prediction>();
long lastReceived = Stopwatch.GetTimestamp();
await using (await cluster.SubscribeAsync(symbols, (p, _) =>
{
    received.Enqueue(p);
    Interlocked.Exchange(ref lastReceived, Stopwatch.GetTimestamp());
    return default;
}))
{
    var clock = Stopwatch.StartNew();
    await cluster.StartAsync(symbols);
    HashSet<Symbol> moved = [];
    DateTime? killedAt = null;
    while (true)
    {
        await Task.Delay(250);
        if (killedAt is null && clock.Elapsed >= options.KillAfter && options.Silos > 1)
        {
            // Not the primary: with localhost clustering it holds the membership table.
            var status = await cluster.GetStatusAsync(symbols);
            var victim = silos.Skip(1).Select(h => (Host: h, Address: h.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString()))
                .OrderByDescending(v => status.Count(s => s.Silo == v.Address)).First();
            moved = [.. status.Where(s => s.Silo == victim.Address).Select(s => Symbol.Parse(s.Symbol))];
            killedAt = DateTime.UtcNow;
            Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killing {victim.Address} hosting {string.Join(", ", moved)} after {received.Count} predictions");
            await victim.Host.StopAsync(new CancellationToken(canceled: true));
            silos.Remove(victim.Host);
            victim.Host.Dispose();
        }

        bool done = symbols.All(s => received.Any(p => p.Symbol == s && p.Timestamp >= series[s][^2].Timestamp));
        bool idle = Stopwatch.GetElapsedTime(Interlocked.Read(ref lastReceived)) > options.IdleTimeout;
        if ((done && (killedAt is not null || options.Silos == 1 || clock.Elapsed >= options.KillAfter)) || idle)
        {
            break;
        }
    }

    var all = received.ToArray();
    int maxGapBars = 0;
    foreach (var symbol in moved)
    {
        // Largest run of the file's bars without a prediction, for the symbols that failed over.
        var index = series[symbol].Select((c, i) => (c.Timestamp, i)).ToDictionary(x => x.Timestamp, x => x.i);
        var bars = all.Where(p => p.Symbol == symbol).Select(p => index[p.Timestamp]).Distinct().Order().ToList();
        maxGapBars = Math.Max(maxGapBars, bars.Zip(bars.Skip(1), (a, b) => b - a - 1).DefaultIfEmpty(0).Max());
    }

    int duplicates = (int)cluster.DuplicatesDropped + all.GroupBy(p => (p.Symbol, p.Timestamp, p.Horizon)).Count(g => g.Count() > 1);
    Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {all.Length} predictions, {cluster.Resumptions} resumptions");
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        symbols = symbols.Length,
        predictions = all.Length,
        duplicates,
        max_gap_minutes_after_failover = maxGapBars * 1.0,
        silos = options.Silos,
        moved_symbols = moved.Count,
        seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
    }));
}

await clientHost.StopAsync();
foreach (var silo in silos)
{
    await silo.StopAsync(new CancellationToken(canceled: true));
    silo.Dispose();
}

return 0;

/// <summary>Command-line settings of the demo.</summary>
internal sealed record DemoOptions(int Silos, string Input, TimeSpan KillAfter, string Model, double Speed, TimeSpan IdleTimeout, int Bars)
{
    public static DemoOptions Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i]] = args[i + 1];
        }

        string root = AppContext.BaseDirectory;
        return new DemoOptions(
            int.Parse(map.GetValueOrDefault("--silos", "3"), CultureInfo.InvariantCulture),
            map.GetValueOrDefault("--input", Path.Combine(root, "data")),
            Duration(map.GetValueOrDefault("--kill-one-after", "30s")),
            map.GetValueOrDefault("--model", Path.Combine(root, "models", "btc-tiny-hybrid.psdk")),
            double.Parse(map.GetValueOrDefault("--speed", "0"), CultureInfo.InvariantCulture),
            Duration(map.GetValueOrDefault("--idle-timeout", "20s")),
            int.Parse(map.GetValueOrDefault("--bars", "0"), CultureInfo.InvariantCulture) is > 0 and var bars ? bars : int.MaxValue);
    }

    private static TimeSpan Duration(string text) => text.EndsWith("ms", StringComparison.Ordinal)
        ? TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture))
        : text.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)) : TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
}
