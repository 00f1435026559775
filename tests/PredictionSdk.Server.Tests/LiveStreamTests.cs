using System.Globalization;
using System.Net;
using System.Text.Json;

namespace PredictionSdk.Server.Tests;

/// <summary>The server's live stream: every advertised horizon is served, and a malformed history file is reported by <c>/ready</c>.</summary>
public sealed class LiveStreamTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PollAsync(HttpClient client, string path, Func<HttpStatusCode, JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
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

    [Fact]
    public async Task Every_horizon_the_model_advertises_is_predicted()
    {
        using var factory = new ServerFactory();
        factory.Settings["PredictionSdk:Stream:ModelPath"] = Path.Combine(AppContext.BaseDirectory, "TestData", "tiny-hybrid.psdk");
        using var client = factory.CreateClient();

        var (_, models) = await GetAsync(client, "/api/v1/models");
        var horizons = models.GetProperty("models")[0].GetProperty("horizons").EnumerateArray().Select(h => h.GetInt32()).ToArray();
        Assert.Equal([1, 5], horizons);
        foreach (int horizon in horizons)
        {
            var (status, body) = await PollAsync(client, $"/api/v1/predict/BTC-USDT?horizon={horizon}", (s, _) => s == HttpStatusCode.OK);

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(horizon, body.GetProperty("horizon").GetInt32());
            var time = body.GetProperty("timestamp").GetDateTime();
            Assert.Equal(time.AddMinutes(horizon + 1), body.GetProperty("target_time").GetDateTime());
        }

        var (ready, _) = await PollAsync(client, "/ready", (s, _) => s == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, ready);
    }

    [Fact]
    public async Task A_bad_row_in_the_history_file_is_reported_by_ready_instead_of_warming_up_forever()
    {
        string path = Path.Combine(Path.GetTempPath(), $"psdk-server-bad-{Guid.NewGuid():N}.csv");
        var lines = new List<string> { "timestamp,open,high,low,close,volume" };
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 3000; i++)
        {
            string volume = i == 2498 ? "-" : "5";
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{start.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},100,101,99,100.5,{volume}"));
        }

        await File.WriteAllLinesAsync(path, lines);
        try
        {
            using var factory = new ServerFactory();
            factory.Settings["PredictionSdk:Feeds:Replay:Files:BTC-USDT"] = path;
            using var client = factory.CreateClient();

            var (status, body) = await PollAsync(client, "/ready", (_, b) => b.GetProperty("description").GetString()?.Contains("failed", StringComparison.Ordinal) == true);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
            string description = body.GetProperty("description").GetString()!;
            Assert.Contains($"source replay failed: {path}:2500", description, StringComparison.Ordinal);
            Assert.Contains("'volume'", description, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_history_file_of_another_interval_than_the_model_is_refused_and_reported_by_ready()
    {
        string path = Path.Combine(Path.GetTempPath(), $"psdk-server-5m-{Guid.NewGuid():N}.csv");
        var lines = new List<string> { "timestamp,open,high,low,close,volume" };
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 3000; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{start.AddMinutes(5 * i):yyyy-MM-ddTHH:mm:ssZ},100,101,99,100.5,5"));
        }

        await File.WriteAllLinesAsync(path, lines);
        try
        {
            using var factory = new ServerFactory();
            factory.Settings["PredictionSdk:Stream:ModelPath"] = ServerFactory.TestModel; // a 1-minute model
            factory.Settings["PredictionSdk:Feeds:Replay:Files:BTC-USDT"] = path;
            using var client = factory.CreateClient();

            var (status, body) = await PollAsync(client, "/ready", (_, b) => b.GetProperty("description").GetString()?.Contains("history refused", StringComparison.Ordinal) == true);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            string description = body.GetProperty("description").GetString()!;
            Assert.Contains($"BTC-USDT history refused: {path}: the bars are 5m apart", description, StringComparison.Ordinal);
            Assert.Contains("the BTC-USDT model uses 1m bars", description, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
