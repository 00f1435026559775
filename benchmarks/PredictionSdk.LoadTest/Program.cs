using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

// Bounded load test of a running PredictionSdk server on loopback: N WebSocket clients subscribed to
// live pushes, plus a steady REST load. Stops by itself after --seconds.
//   dotnet run -c Release --project benchmarks/PredictionSdk.LoadTest -- --url http://127.0.0.1:5080 --clients 1000 --seconds 30 --rest-rps 200
var settings = LoadSettings.Parse(args);
if (!settings.Url.IsLoopback)
{
    Console.Error.WriteLine($"Refusing to load {settings.Url}: the load test only targets loopback addresses.");
    return 2;
}

using var http = new HttpClient { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(10) };
using var symbolsDoc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/symbols", UriKind.Relative)));
string[] symbols = symbolsDoc.RootElement.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()!).ToArray();
Console.WriteLine($"Target {settings.Url}, symbols {string.Join(", ", symbols)}; {settings.Clients} WebSocket clients, {settings.RestPerSecond} REST requests/s for {settings.Seconds} s");

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(settings.Seconds + 15));
var pushLatencies = new LatencyRecorder();
var restLatencies = new LatencyRecorder();
long wsErrors = 0, restErrors = 0, messages = 0, connected = 0;

var wsUri = new UriBuilder(settings.Url) { Scheme = settings.Url.Scheme == "https" ? "wss" : "ws", Path = "/ws/stream" }.Uri;
var measureUntil = DateTime.MaxValue; // set once every client has connected
var clients = Enumerable.Range(0, settings.Clients).Select(async i =>
{
    using var socket = new ClientWebSocket();
    try
    {
        await socket.ConnectAsync(wsUri, stop.Token);
        Interlocked.Increment(ref connected);
        string subscribe = JsonSerializer.Serialize(new { action = "subscribe", symbols = new[] { symbols[i % symbols.Length] } });
        await socket.SendAsync(Encoding.UTF8.GetBytes(subscribe), WebSocketMessageType.Text, true, stop.Token);
        var buffer = new byte[64 * 1024];
        while (!stop.IsCancellationRequested)
        {
            var result = await socket.ReceiveAsync(buffer, stop.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                Interlocked.Increment(ref wsErrors);
                return;
            }

            var received = DateTime.UtcNow;
            Interlocked.Increment(ref messages);
            if (received > measureUntil)
            {
                return;
            }

            using var doc = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            if (doc.RootElement.TryGetProperty("published_at", out var published))
            {
                pushLatencies.Add((received - published.GetDateTime().ToUniversalTime()).TotalMilliseconds);
            }
        }
    }
    catch (OperationCanceledException)
    {
    }
    catch (Exception ex) when (ex is WebSocketException or JsonException)
    {
        Interlocked.Increment(ref wsErrors);
    }
}).ToArray();

// Let the clients connect before measuring.
var connectWatch = Stopwatch.StartNew();
while (Interlocked.Read(ref connected) + Interlocked.Read(ref wsErrors) < settings.Clients && connectWatch.Elapsed < TimeSpan.FromSeconds(15))
{
    await Task.Delay(100);
}

Console.WriteLine($"{Interlocked.Read(ref connected)} clients connected in {connectWatch.Elapsed.TotalSeconds:F1} s");
measureUntil = DateTime.UtcNow.AddSeconds(settings.Seconds);

string[] paths = symbols.SelectMany(s => new[] { $"/api/v1/predict/{s}", $"/api/v1/candles/{s}?limit=100", $"/api/v1/history/{s}?limit=50" }).ToArray();
var rest = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / settings.RestPerSecond));
    var inflight = new List<Task>();
    long n = 0;
    while (DateTime.UtcNow < measureUntil && await timer.WaitForNextTickAsync(stop.Token))
    {
        string path = paths[n++ % paths.Length];
        inflight.Add(Task.Run(async () =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative), stop.Token);
                _ = await response.Content.ReadAsByteArrayAsync(stop.Token);
                restLatencies.Add(watch.Elapsed.TotalMilliseconds);
                if ((int)response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref restErrors);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref restErrors);
            }
        }));
    }

    await Task.WhenAll(inflight);
});

await rest;
while (DateTime.UtcNow < measureUntil)
{
    await Task.Delay(200);
}

await stop.CancelAsync();
await Task.WhenAll(clients);

Console.WriteLine();
Console.WriteLine("| measure | count | p50 ms | p99 ms | max ms | errors |");
Console.WriteLine("|---|---|---|---|---|---|");
Console.WriteLine(pushLatencies.Row("WebSocket push latency", wsErrors));
Console.WriteLine(restLatencies.Row("REST request latency", restErrors));
Console.WriteLine($"\nmessages received: {Interlocked.Read(ref messages)}, clients connected: {Interlocked.Read(ref connected)}");
return wsErrors + restErrors == 0 ? 0 : 1;

internal sealed record LoadSettings(Uri Url, int Clients, int Seconds, int RestPerSecond)
{
    public static LoadSettings Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new LoadSettings(
            new Uri(Get("--url", "http://127.0.0.1:5080")),
            int.Parse(Get("--clients", "1000"), CultureInfo.InvariantCulture),
            int.Parse(Get("--seconds", "30"), CultureInfo.InvariantCulture),
            int.Parse(Get("--rest-rps", "200"), CultureInfo.InvariantCulture));
    }
}

internal sealed class LatencyRecorder
{
    private readonly List<double> _values = [];

    public void Add(double milliseconds)
    {
        lock (_values)
        {
            _values.Add(milliseconds);
        }
    }

    public string Row(string name, long errors)
    {
        double[] sorted;
        lock (_values)
        {
            sorted = [.. _values.Order()];
        }

        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {sorted.Length} | {At(0.5):F2} | {At(0.99):F2} | {(sorted.Length == 0 ? double.NaN : sorted[^1]):F2} | {errors} |");
    }
}
