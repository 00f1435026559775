using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using PredictionSdk.Tests;

namespace PredictionSdk.Server.Tests;

/// <summary>Every prediction the server writes — REST, WebSocket, history — follows <c>docs/prediction.schema.json</c>.</summary>
public sealed class PredictionContractTests
{
    private static ServerFactory WithModel()
    {
        var factory = new ServerFactory();
        factory.Settings["PredictionSdk:Stream:ModelPath"] = Path.Combine(AppContext.BaseDirectory, "TestData", "tiny-hybrid.psdk");
        return factory;
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (done(doc.RootElement))
                {
                    return doc.RootElement.Clone();
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} did not answer in time ({response.StatusCode})");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_rest_prediction_and_the_history_items_follow_the_schema_and_read_back_with_the_sdk()
    {
        using var factory = WithModel();
        using var client = factory.CreateClient();

        foreach (int horizon in new[] { 1, 5 })
        {
            var body = await PollAsync(client, $"/api/v1/predict/BTC-USDT?horizon={horizon}", _ => true);
            PredictionSchema.AssertValid(body);
            var read = PredictionJson.Deserialize(body);
            Assert.Equal(horizon, read.Horizon);
            Assert.Equal(body.GetRawText(), PredictionJson.Serialize(read));
        }

        var history = await PollAsync(client, "/api/v1/history/BTC-USDT?limit=20", h => h.GetProperty("count").GetInt32() > 0);
        foreach (var item in history.GetProperty("predictions").EnumerateArray())
        {
            PredictionSchema.AssertValid(item.GetProperty("prediction"));
            Assert.True(item.TryGetProperty("actual_price", out _));
        }
    }

    [Fact]
    public async Task A_websocket_prediction_message_carries_the_contract()
    {
        using var factory = WithModel();
        _ = factory.Server;
        using var socket = await factory.Server.CreateWebSocketClient().ConnectAsync(new Uri(factory.Server.BaseAddress, "/ws/stream"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"action":"subscribe","symbols":["BTC-USDT"]}"""), WebSocketMessageType.Text, true, CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var buffer = new byte[256 * 1024];
        JsonElement message;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            using var doc = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            if (doc.RootElement.GetProperty("type").GetString() == "prediction")
            {
                message = doc.RootElement.Clone();
                break;
            }
        }

        Assert.Equal("BTC-USDT", message.GetProperty("symbol").GetString());
        Assert.True(message.TryGetProperty("published_at", out _));
        PredictionSchema.AssertValid(message.GetProperty("prediction"));
        Assert.Equal("BTC-USDT", PredictionJson.Deserialize(message.GetProperty("prediction")).Symbol.Value);
    }
}
