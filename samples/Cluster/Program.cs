// A PredictionSdk cluster on one machine: N silos and a client. With --clustering localhost (the default) every silo
// runs in this process; with --clustering postgres each silo is its own process (this program's `silo` verb) and they
// find each other through a PostgreSQL membership table. Every file of --input is replayed as one symbol through the
// cluster; after --kill-one-after one silo that hosts symbols is killed without a graceful shutdown, its symbols
// resume on the others, and one JSON line reports what the client received.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using PredictionSdk;
using PredictionSdk.Cluster;
using PredictionSdk.Orleans;

var options = DemoOptions.Parse(args is ["silo" or "bench", ..] ? args[1..] : args);
if (args is ["silo", ..])
{
    return await SiloProcess.RunAsync(options);
}

bool bench = args is ["bench", ..];
if (bench)
{
    // Every process of the benchmark closes its bars on the same schedule, counted from now.
    options = options with { Source = "boundary", T0 = DateTime.UtcNow };
}

var series = await SiloSetup.ReadSeriesAsync(options);
if (series.Count == 0)
{
    Console.Error.WriteLine($"{options.Input}: no candle files (.csv, .csv.gz, .parquet)");
    return 2;
}

await using ISiloSet silos = options.UsesPostgres
    ? ProcessSilos.Start(options)
    : await InProcessSilos.StartAsync(options, SiloSetup.Source(options, series));
var startup = Stopwatch.StartNew();
using var clientHost = await ConnectAsync(options);
var cluster = clientHost.Services.GetRequiredService<PredictionClusterClient>();
await WaitForSilosAsync(clientHost.Services.GetRequiredService<IGrainFactory>(), options.Silos);
Console.Error.WriteLine($"{startup.Elapsed.TotalSeconds:0.0} s: {options.Silos} silos active ({options.Clustering} clustering)");

if (bench)
{
    return await LatencyBench.RunAsync(options, series, silos, cluster);
}

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
            // The busiest silo; with localhost clustering not the first one, which holds the membership table.
            var status = await cluster.GetStatusAsync(symbols);
            int victim = silos.Ports.Skip(options.UsesPostgres ? 0 : 1).OrderByDescending(port => status.Count(s => PortOf(s.Silo) == port)).First();
            moved = [.. status.Where(s => PortOf(s.Silo) == victim).Select(s => Symbol.Parse(s.Symbol))];
            killedAt = DateTime.UtcNow;
            Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killing the silo on port {victim} hosting {string.Join(", ", moved)} after {received.Count} predictions");
            await silos.KillAsync(victim);
        }

        bool done = symbols.All(s => Completed(s, received));
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
        // Symbols whose predictions reached the end of their file.
        completed_symbols = symbols.Count(s => Completed(s, all)),
        clustering = options.Clustering,
        seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
    }));
}

await clientHost.StopAsync();
return 0;

bool Completed(Symbol symbol, IEnumerable<Prediction> predictions) =>
    predictions.Any(p => p.Symbol == symbol && p.Timestamp >= series[symbol][^2].Timestamp);

// Silo addresses print as S<ip>:<port>:<generation>.
static int PortOf(string silo) => int.Parse(silo.Split(':')[1], CultureInfo.InvariantCulture);

// Silo processes take a few seconds to open their gateways: retry until one answers.
static async Task<IHost> ConnectAsync(DemoOptions options)
{
    for (int attempt = 1; ; attempt++)
    {
        var builder = SiloSetup.HostBuilder();
        builder.UseOrleansClient(client => SiloSetup.ConfigureClient(client, options));
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch (Exception ex) when (attempt < 60 && ex is not OperationCanceledException)
        {
            host.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}

// Symbols start only once every silo is active, so placement spreads them over all of them.
static async Task WaitForSilosAsync(IGrainFactory grains, int silos)
{
    var management = grains.GetGrain<IManagementGrain>(0);
    var deadline = Stopwatch.StartNew();
    while ((await management.GetHosts(onlyActive: true)).Count < silos)
    {
        if (deadline.Elapsed > TimeSpan.FromSeconds(90))
        {
            throw new TimeoutException($"{silos} silos did not become active in 90 s");
        }

        await Task.Delay(500);
    }
}
