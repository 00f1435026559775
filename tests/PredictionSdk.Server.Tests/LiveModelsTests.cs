using System.Text.Json;

namespace PredictionSdk.Server.Tests;

/// <summary><c>/api/v1/models/live</c>: the version serving each symbol and every version's live scores, with and without adaptive learning.</summary>
public sealed class LiveModelsTests
{
    private static async Task<JsonElement> PollAsync(HttpClient client, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/api/v1/models/live", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var body = doc.RootElement.Clone();
            if (done(body) || DateTime.UtcNow > deadline)
            {
                return body;
            }

            await Task.Delay(200);
        }
    }

    private static bool Scored(JsonElement body) =>
        body.GetProperty("scores").EnumerateArray().Any(s => s.GetProperty("symbol").GetString() == "BTC-USDT" && s.GetProperty("horizon").GetInt32() == 1 && s.GetProperty("outcomes").GetInt64() >= 5);

    [Fact]
    public async Task Scores_each_served_version_live_and_names_the_version_serving_each_symbol()
    {
        using var factory = new ServerFactory();
        factory.Settings["PredictionSdk:Stream:ModelPath"] = ServerFactory.TestModel;
        using var client = factory.CreateClient();

        var body = await PollAsync(client, Scored);
        Assert.True(Scored(body), body.ToString());
        Assert.False(body.GetProperty("adaptive").GetBoolean());

        // Without the loop, predictions carry the bundle's own version.
        var score = body.GetProperty("scores").EnumerateArray().First(s => s.GetProperty("symbol").GetString() == "BTC-USDT" && s.GetProperty("horizon").GetInt32() == 1);
        string version = score.GetProperty("model_version").GetString()!;
        Assert.StartsWith("hybrid-", version, StringComparison.Ordinal);
        double coverage = score.GetProperty("coverage").GetDouble();
        Assert.InRange(coverage, 0, 1);
        if (score.GetProperty("log_loss").ValueKind == JsonValueKind.Number)
        {
            Assert.True(score.GetProperty("log_loss").GetDouble() > 0);
            Assert.InRange(score.GetProperty("direction_accuracy").GetDouble(), 0, 1);
        }

        var btc = body.GetProperty("symbols").EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == "BTC-USDT");
        Assert.Equal(version, btc.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task With_adaptive_learning_the_champion_serves_and_is_scored_under_its_version()
    {
        using var factory = new ServerFactory();
        factory.Settings["PredictionSdk:Stream:ModelPath"] = ServerFactory.TestModel;
        factory.Settings["PredictionSdk:Adaptive:Enabled"] = "true";
        using var client = factory.CreateClient();

        var body = await PollAsync(client, Scored);
        Assert.True(Scored(body), body.ToString());
        Assert.True(body.GetProperty("adaptive").GetBoolean());

        // The loop names its champion after the bundle file; predictions carry that version.
        var btc = body.GetProperty("symbols").EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == "BTC-USDT");
        Assert.Equal("tiny-hybrid", btc.GetProperty("model_version").GetString());
        Assert.Equal(JsonValueKind.Null, btc.GetProperty("challenger").ValueKind);
        Assert.Contains(body.GetProperty("scores").EnumerateArray(), s => s.GetProperty("model_version").GetString() == "tiny-hybrid" && s.GetProperty("outcomes").GetInt64() > 0);
    }
}
