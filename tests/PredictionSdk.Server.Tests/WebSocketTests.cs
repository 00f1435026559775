using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PredictionSdk.Server.Tests;

public sealed class WebSocketTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory _factory;

    public WebSocketTests(ServerFactory factory) => _factory = factory;

    private async Task<WebSocket> ConnectAsync()
    {
        _ = _factory.Server; // start the host
        var client = _factory.Server.CreateWebSocketClient();
        return await client.ConnectAsync(new Uri(_factory.Server.BaseAddress, "/ws/stream"), CancellationToken.None);
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(WebSocket socket, Func<JsonElement, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            using var doc = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            if (wanted(doc.RootElement))
            {
                return doc.RootElement.Clone();
            }
        }
    }

    [Fact]
    public async Task Subscribed_clients_receive_live_candles_with_indicators()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, """{"action":"subscribe","symbols":["btcusdt"]}""");
        var ack = await ReceiveAsync(socket, m => m.GetProperty("type").GetString() == "subscribed");
        Assert.Equal("BTC-USDT", ack.GetProperty("symbols")[0].GetString());

        var candle = await ReceiveAsync(socket, m => m.GetProperty("type").GetString() == "candle" && m.GetProperty("is_final").GetBoolean());
        Assert.Equal("BTC-USDT", candle.GetProperty("symbol").GetString());
        var bar = candle.GetProperty("candle");
        Assert.True(bar.GetProperty("high").GetDouble() >= bar.GetProperty("low").GetDouble());
        Assert.True(candle.TryGetProperty("published_at", out _));
    }

    [Theory]
    [InlineData("not json", "Malformed message")]
    [InlineData("""{"action":"dance","symbols":["BTC-USDT"]}""", "Malformed message")]
    [InlineData("""{"action":"subscribe","symbols":[]}""", "Malformed message")]
    [InlineData("""{"action":"subscribe","symbols":["NOPE-XYZ"]}""", "Unknown symbol")]
    public async Task Malformed_messages_get_a_problem_frame_and_the_connection_stays_open(string message, string title)
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, message);
        var error = await ReceiveAsync(socket, m => m.GetProperty("type").GetString() == "error");
        Assert.Equal(title, error.GetProperty("title").GetString());
        Assert.True(error.GetProperty("status").GetInt32() is 400 or 404);

        await SendAsync(socket, """{"action":"subscribe","symbols":["BTC-USDT"]}""");
        var ack = await ReceiveAsync(socket, m => m.GetProperty("type").GetString() == "subscribed");
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal(1, ack.GetProperty("symbols").GetArrayLength());
    }

    [Fact]
    public async Task Unsubscribed_clients_stop_receiving_a_symbol()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, """{"action":"subscribe","symbols":["BTC-USDT"]}""");
        await ReceiveAsync(socket, m => m.GetProperty("type").GetString() == "candle");
        await SendAsync(socket, """{"action":"unsubscribe","symbols":["BTC-USDT"]}""");
        var ack = await ReceiveAsync(socket, m => m.GetProperty("type").GetString() == "unsubscribed");
        Assert.Equal(0, ack.GetProperty("symbols").GetArrayLength());
    }
}
