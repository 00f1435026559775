using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using PredictionSdk.Orleans;

namespace PredictionSdk.Server.Tests;

/// <summary>
/// The server with <c>Server:Cluster:Mode = Client</c>: it runs no stream of its own but joins an Orleans cluster (two
/// silos on loopback) and serves the predictions of the cluster's symbol grains over the same REST, history, WebSocket
/// and <c>/ready</c> paths — the very predictions another client of the cluster receives — the bars of the cluster over
/// the same candle messages and <c>/api/v1/candles</c>, and its outcomes on <c>/api/v1/models/live</c>.
/// </summary>
public sealed class ClusterClientModeTests
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USDT");

    private static string DataFile => Path.Combine(AppContext.BaseDirectory, "data", "BTCUSDT-1m-2024-01.csv.gz");

    [Fact]
    public async Task The_server_serves_the_predictions_of_the_cluster_over_rest_history_and_websocket()
    {
        await using var silos = await LoopbackSilos.StartAsync(2, Btc, DataFile, ServerFactory.TestModel);

        // Another client of the same cluster: what the cluster publishes, to compare the server's answers with.
        using var observer = await ConnectObserverAsync(silos.Gateways);
        var published = new ConcurrentDictionary<(DateTime Bar, int Horizon), Prediction>();
        await using var subscription = await observer.Services.GetRequiredService<PredictionClusterClient>()
            .SubscribeAsync([Btc], (p, _) =>
            {
                if (!p.IsPreview)
                {
                    published[(p.Timestamp, p.Horizon)] = p;
                }

                return default;
            });

        using var factory = ClientModeServer(silos.Gateways);
        using var http = factory.CreateClient();
        using var socket = await factory.Server.CreateWebSocketClient().ConnectAsync(new Uri(factory.Server.BaseAddress, "/ws/stream"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"action":"subscribe","symbols":["BTC-USDT"]}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        using var stopReading = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var pushed = ReadMessagesAsync(socket, stopReading.Token);

        // The last live bar closes the replay: wait until the cluster has predicted it.
        var lastBar = silos.Series[^1].Timestamp;
        await WaitUntilAsync(() => published.ContainsKey((lastBar, 1)), TimeSpan.FromSeconds(40), "the cluster's prediction of the last bar");

        // REST: the latest prediction, field for field the one the cluster published.
        var (status, latest) = await PollAsync(http, "/api/v1/predict/BTC-USDT?horizon=1", (s, b) => s == HttpStatusCode.OK && b.GetProperty("timestamp").GetDateTime() == lastBar);
        Assert.Equal(HttpStatusCode.OK, status);
        AssertSame(published[(lastBar, 1)], latest);

        // WebSocket: every pushed prediction is one the cluster published, unchanged.
        await stopReading.CancelAsync();
        var (messages, candles) = await pushed;
        Assert.True(messages.Count >= 50, $"only {messages.Count} predictions were pushed over the WebSocket");
        foreach (var message in messages.Where(m => !m.GetProperty("preview").GetBoolean()))
        {
            var key = (message.GetProperty("timestamp").GetDateTime(), message.GetProperty("horizon").GetInt32());
            Assert.True(published.TryGetValue(key, out var expected), $"pushed {key}, which the cluster never published");
            AssertSame(expected, message);
        }

        // WebSocket candles: the replayed live bars, closed, each the bar of the file at its time.
        var replayed = silos.Series.ToDictionary(c => c.Timestamp);
        var live = candles.Where(c => c.GetProperty("candle").GetProperty("timestamp").GetDateTime() >= silos.Series[LoopbackSilos.HistoryBars].Timestamp).ToArray();
        Assert.True(live.Length >= 50, $"only {live.Length} live candles were pushed over the WebSocket");
        foreach (var message in candles)
        {
            Assert.True(message.GetProperty("is_final").GetBoolean());
            Assert.Equal("1m", message.GetProperty("interval").GetString());
            AssertBar(replayed, message.GetProperty("candle"));
        }

        // Candles: the store holds the bars the cluster published, up to the last one.
        var (candlesStatus, stored) = await GetAsync(http, "/api/v1/candles/BTC-USDT?limit=100");
        Assert.Equal(HttpStatusCode.OK, candlesStatus);
        var rows = stored.GetProperty("candles").EnumerateArray().ToArray();
        Assert.Equal(100, rows.Length);
        Assert.Equal(lastBar, rows[^1].GetProperty("timestamp").GetDateTime());
        foreach (var row in rows)
        {
            AssertBar(replayed, row);
        }

        // Live scores: the outcomes the cluster scored, on the scoreboard under the version that made the predictions.
        var version = published[(lastBar, 1)].ModelVersion;
        var (_, liveModels) = await PollAsync(http, "/api/v1/models/live", (_, b) => b.GetProperty("scores").GetArrayLength() > 0);
        var score = Assert.Single(liveModels.GetProperty("scores").EnumerateArray(), e => e.GetProperty("horizon").GetInt32() == 1);
        Assert.Equal(version, score.GetProperty("model_version").GetString());
        Assert.Equal("BTC-USDT", score.GetProperty("symbol").GetString());
        Assert.True(score.GetProperty("outcomes").GetInt32() >= 100, $"only {score.GetProperty("outcomes").GetInt32()} outcomes scored");
        Assert.Equal(version, liveModels.GetProperty("symbols")[0].GetProperty("model_version").GetString());

        // History: stored, and settled with the close of the target bar (the current price of that bar's prediction).
        var (_, history) = await GetAsync(http, "/api/v1/history/BTC-USDT?limit=200");
        var settled = history.GetProperty("predictions").EnumerateArray().Where(i => i.GetProperty("actual_price").ValueKind == JsonValueKind.Number).ToArray();
        Assert.NotEmpty(settled);
        foreach (var item in settled)
        {
            var targetBar = item.GetProperty("prediction").GetProperty("target_time").GetDateTime().AddMinutes(-1);
            Assert.Equal(published[(targetBar, 1)].CurrentPrice, item.GetProperty("actual_price").GetDouble());
        }

        // Ready, and it says it is following the cluster.
        var (ready, body) = await PollAsync(http, "/ready", (s, _) => s == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Contains("2 silo(s) active", body.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_cluster_restarts_the_server_reconnects_and_serves_its_predictions_again()
    {
        var silos = await LoopbackSilos.StartAsync(2, Btc, DataFile, ServerFactory.TestModel);
        try
        {
            using var factory = ClientModeServer(silos.Gateways);
            using var http = factory.CreateClient();
            var firstLive = silos.Series[LoopbackSilos.HistoryBars].Timestamp;
            var (_, before) = await PollAsync(http, "/api/v1/predict/BTC-USDT?horizon=1", (s, b) => s == HttpStatusCode.OK && b.GetProperty("timestamp").GetDateTime() >= firstLive.AddMinutes(100));
            var reached = before.GetProperty("timestamp").GetDateTime();
            Assert.True(reached >= firstLive.AddMinutes(100), $"the replay reached only {reached:u}");

            // The whole cluster goes away: memory storage and subscriptions with it.
            var ports = silos.Ports;
            await silos.DisposeAsync();
            var (down, _) = await PollAsync(http, "/ready", (s, b) => b.GetProperty("description").GetString()!.Contains("not connected", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down);

            // A new cluster on the same gateways replays the file from its start: the server follows it with a new subscription.
            silos = await LoopbackSilos.StartAsync(2, Btc, DataFile, ServerFactory.TestModel, ports);
            var (status, after) = await PollAsync(http, "/api/v1/predict/BTC-USDT?horizon=1", (s, b) => s == HttpStatusCode.OK && b.GetProperty("timestamp").GetDateTime() < reached.AddMinutes(-50), seconds: 40);
            Assert.True(after.GetProperty("timestamp").GetDateTime() < reached.AddMinutes(-50), $"no prediction from the new cluster: latest is still {after.GetProperty("timestamp").GetDateTime():u}");
            var (ready, _) = await PollAsync(http, "/ready", (s, _) => s == HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, ready);
        }
        finally
        {
            await silos.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ready_reports_a_cluster_that_cannot_be_reached()
    {
        // A port nothing listens on: the server keeps trying, and /ready says why it is not ready.
        using var factory = ClientModeServer(["127.0.0.1:9"]);
        using var http = factory.CreateClient();

        var (status, body) = await PollAsync(http, "/ready", (_, b) => b.GetProperty("description").GetString()!.Contains("attempt", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        string description = body.GetProperty("description").GetString()!;
        Assert.Contains("not connected to the cluster 'default' at 127.0.0.1:9: no gateway accepted the connection within 2 s", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "set either Gateways (ip:port of each silo gateway) or PostgresConnectionString, not neither")]
    [InlineData("localhost:11211", "Server:Cluster:Gateways 'localhost:11211' is not an ip:port endpoint")]
    public void Client_mode_without_a_usable_cluster_address_stops_the_server_at_start(string? gateway, string message)
    {
        using var factory = new ServerFactory();
        factory.Settings["Server:Cluster:Mode"] = "Client";
        if (gateway is not null)
        {
            factory.Settings["Server:Cluster:Gateways:0"] = gateway;
        }

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static ServerFactory ClientModeServer(IReadOnlyList<string> gateways)
    {
        var factory = new ServerFactory();
        factory.Settings["Server:Cluster:Mode"] = "Client";
        for (int i = 0; i < gateways.Count; i++)
        {
            factory.Settings[$"Server:Cluster:Gateways:{i}"] = gateways[i];
        }

        factory.Settings["Server:Cluster:ConnectTimeout"] = "00:00:02";
        factory.Settings["Server:Cluster:ConnectRetryDelay"] = "00:00:00.500";
        factory.Settings["Server:Cluster:ProbeInterval"] = "00:00:01";
        // The bundle the silos serve: the server reads its manifest for /api/v1/models and the horizons.
        factory.Settings["PredictionSdk:Stream:ModelPath"] = ServerFactory.TestModel;
        return factory;
    }

    private static async Task<IHost> ConnectObserverAsync(IReadOnlyList<string> gateways)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("default", "default"))
            .UseStaticClustering([.. gateways.Select(IPEndPoint.Parse)])
            .AddMemoryStreams(PredictionStreams.DefaultProviderName)
            .AddPredictionSdkClient());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static void AssertSame(Prediction expected, JsonElement actual)
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(expected, PredictionJsonContext.Default.Prediction));
        Assert.True(JsonElement.DeepEquals(json.RootElement, actual), $"expected {json.RootElement}\nactual   {actual}");
    }

    private static void AssertBar(Dictionary<DateTime, Candle> replayed, JsonElement row)
    {
        var time = row.GetProperty("timestamp").GetDateTime();
        Assert.True(replayed.TryGetValue(time, out var bar), $"bar {time:u} is not in the replayed file");
        Assert.Equal(bar.Open, row.GetProperty("open").GetDouble());
        Assert.Equal(bar.High, row.GetProperty("high").GetDouble());
        Assert.Equal(bar.Low, row.GetProperty("low").GetDouble());
        Assert.Equal(bar.Close, row.GetProperty("close").GetDouble());
        Assert.Equal(bar.Volume, row.GetProperty("volume").GetDouble());
    }

    private static async Task<(List<JsonElement> Predictions, List<JsonElement> Candles)> ReadMessagesAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var predictions = new List<JsonElement>();
        var candles = new List<JsonElement>();
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                using var doc = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                switch (doc.RootElement.GetProperty("type").GetString())
                {
                    case "prediction":
                        predictions.Add(doc.RootElement.GetProperty("prediction").Clone());
                        break;
                    case "candle":
                        candles.Add(doc.RootElement.Clone());
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (predictions, candles);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PollAsync(HttpClient client, string path, Func<HttpStatusCode, JsonElement, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var (status, body) = await GetAsync(client, path);
            if (done(status, body) || DateTime.UtcNow > deadline)
            {
                return (status, body);
            }

            await Task.Delay(100);
        }
    }
}
