using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using PredictionSdk.Server.Security;

namespace PredictionSdk.Server.Tests;

/// <summary>The API key reaches no log at any level, however a client sends it.</summary>
public sealed class ApiKeyLoggingTests
{
    private const string Key = "k3y-that-must-not-leak-5f1e";
    private const string WrongKey = "wr0ng-key-that-must-not-leak-9c2d";

    [Theory]
    [InlineData("?api_key=abc", "", "abc")]
    [InlineData("?limit=5&api_key=abc&interval=1m", "?limit=5&interval=1m", "abc")]
    [InlineData("?API_KEY=a%2Bb%3D&limit=5", "?limit=5", "a+b=")]
    [InlineData("?api%5Fkey=abc&x=%20y", "?x=%20y", "abc")]
    [InlineData("?api_key=one&api_key=two&z", "?z", "one")]
    [InlineData("?api_key", "", "")]
    public void Api_keys_are_stripped_from_query_strings_and_the_rest_kept_as_sent(string query, string remaining, string key)
    {
        Assert.True(ApiKeyUrlRedaction.Strip(query, out string rest, out string? found));
        Assert.Equal(remaining, rest);
        Assert.Equal(key, found);
    }

    [Theory]
    [InlineData("?limit=5")]
    [InlineData("?api_keys=5&my_api_key=3")]
    public void Query_strings_without_a_key_are_left_alone(string query) => Assert.False(ApiKeyUrlRedaction.Strip(query, out _, out _));

    [Fact]
    public async Task Keys_in_headers_and_urls_reach_no_log_even_at_trace_level()
    {
        var logs = new LogCapture();
        using var factory = new ServerFactory();
        factory.Settings["Server:ApiKey"] = Key;
        factory.Customize = builder => builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddFilter<LogCapture>(category: null, LogLevel.Trace);
            logging.AddProvider(logs);
        });
        var server = factory.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = server };

        // The preferred way, a header; and a key in the URL, which browsers' WebSockets once needed.
        using var header = new HttpRequestMessage(HttpMethod.Get, "/api/v1/symbols");
        header.Headers.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(header)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"/api/v1/symbols?api_key={Key}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"/api/v1/candles/BTC-USDT?limit=5&api_key={Key}&interval=1m", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri($"/api/v1/history/BTC-USDT?API_KEY={Key}&limit=abc", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri($"/api/v1/symbols?api_key={WrongKey}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"/nothing-here?api_key={Key}", UriKind.Relative))).StatusCode);

        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri($"ws://{server.Authority}/ws/stream?api_key={Key}"), CancellationToken.None);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        using (var socket = new ClientWebSocket())
        {
            socket.Options.AddSubProtocol("psdk.v1");
            socket.Options.AddSubProtocol("psdk.key." + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(Key)));
            await socket.ConnectAsync(new Uri($"ws://{server.Authority}/ws/stream"), CancellationToken.None);
            Assert.Equal("psdk.v1", socket.SubProtocol);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        using (var socket = new ClientWebSocket())
        {
            socket.Options.SetRequestHeader("X-Api-Key", Key);
            await socket.ConnectAsync(new Uri($"ws://{server.Authority}/ws/stream"), CancellationToken.None);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        var entries = logs.Entries.ToArray();
        Assert.Contains(entries, e => e.Level == LogLevel.Trace);
        Assert.Contains(entries, e => e.Text.Contains("/api/v1/symbols", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Text.Contains("/ws/stream", StringComparison.Ordinal));
        string encoded = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(Key));
        var leaks = entries.Where(e => e.Text.Contains(Key, StringComparison.Ordinal) || e.Text.Contains(WrongKey, StringComparison.Ordinal)
            || e.Text.Contains(encoded, StringComparison.Ordinal)).ToArray();
        Assert.True(leaks.Length == 0, "keys logged:\n" + string.Join("\n", leaks.Select(l => $"{l.Level} {l.Category}: {l.Text}")));
    }
}
