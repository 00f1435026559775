using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace PredictionSdk.Server.Tests;

public sealed class ApiKeyTests
{
    private static readonly IPAddress First = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress Second = IPAddress.Parse("192.0.2.20");

    /// <summary>One request through the in-process server, from <paramref name="address"/>, with an optional key header.</summary>
    private static Task<HttpContext> SendAsync(ServerFactory factory, IPAddress address, string? key, string path = "/api/v1/symbols") =>
        factory.Server.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = path;
            context.Connection.RemoteIpAddress = address;
            if (key is not null)
            {
                context.Request.Headers["X-Api-Key"] = key;
            }
        });

    [Fact]
    public async Task With_a_key_configured_the_api_needs_it_and_health_stays_open()
    {
        using var factory = new ServerFactory();
        factory.Settings["Server:ApiKey"] = "s3cret";
        using var client = factory.CreateClient();

        using var denied = await client.GetAsync(new Uri("/api/v1/symbols", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/symbols");
        wrong.Headers.Add("X-Api-Key", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/v1/symbols");
        right.Headers.Add("X-Api-Key", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Browsers_send_the_key_as_a_websocket_subprotocol_which_is_never_echoed()
    {
        using var factory = new ServerFactory();
        factory.Settings["Server:ApiKey"] = "s3cret/with+odd=chars";
        _ = factory.Server;

        var client = factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("psdk.v1");
        client.SubProtocols.Add("psdk.key." + Base64Url.EncodeToString("s3cret/with+odd=chars"u8));
        using var socket = await client.ConnectAsync(new Uri(factory.Server.BaseAddress, "/ws/stream"), CancellationToken.None);
        Assert.Equal("psdk.v1", socket.SubProtocol);

        var wrong = factory.Server.CreateWebSocketClient();
        wrong.SubProtocols.Add("psdk.v1");
        wrong.SubProtocols.Add("psdk.key." + Base64Url.EncodeToString("guess"u8));
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => wrong.ConnectAsync(new Uri(factory.Server.BaseAddress, "/ws/stream"), CancellationToken.None));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);

        var none = factory.Server.CreateWebSocketClient();
        none.SubProtocols.Add("psdk.v1");
        none.SubProtocols.Add("psdk.key.!!not-base64!!");
        await Assert.ThrowsAnyAsync<Exception>(() => none.ConnectAsync(new Uri(factory.Server.BaseAddress, "/ws/stream"), CancellationToken.None));
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_retry_after_past_the_configured_rate()
    {
        using var factory = new ServerFactory();
        factory.Settings["Server:RequestsPerMinute"] = "3";
        using var client = factory.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(new Uri("/api/v1/symbols", UriKind.Relative));
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retryAfter = response.Headers.RetryAfter?.Delta;
                Assert.NotNull(retryAfter);
                Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal(429, body.RootElement.GetProperty("status").GetInt32());
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task Wrong_keys_count_against_the_rate_limit_of_their_address()
    {
        using var factory = new ServerFactory();
        factory.Settings["Server:ApiKey"] = "s3cret";
        factory.Settings["Server:RequestsPerMinute"] = "3";
        factory.Settings["Server:FailedKeysPerMinute"] = "1000";

        var codes = new List<int>();
        for (int i = 0; i < 5; i++)
        {
            codes.Add((await SendAsync(factory, First, "guess")).Response.StatusCode);
        }

        Assert.Equal([401, 401, 401, 429, 429], codes);
        Assert.Equal(429, (await SendAsync(factory, First, "s3cret")).Response.StatusCode);
        Assert.Equal(200, (await SendAsync(factory, Second, "s3cret")).Response.StatusCode);
    }

    [Fact]
    public async Task Too_many_wrong_keys_lock_their_address_out_even_without_a_rate_limit()
    {
        using var factory = new ServerFactory();
        factory.Settings["Server:ApiKey"] = "s3cret";
        factory.Settings["Server:FailedKeysPerMinute"] = "4";

        var codes = new List<int>();
        for (int i = 0; i < 6; i++)
        {
            codes.Add((await SendAsync(factory, First, $"guess-{i}")).Response.StatusCode);
        }

        Assert.Equal([401, 401, 401, 401, 429, 429], codes);

        // Locked out means the right key is not even checked: guessing cannot go on at speed.
        var locked = await SendAsync(factory, First, "s3cret");
        Assert.Equal(429, locked.Response.StatusCode);
        Assert.True(int.TryParse(locked.Response.Headers.RetryAfter, out int seconds) && seconds is >= 1 and <= 60, $"Retry-After '{locked.Response.Headers.RetryAfter}'");
        Assert.Equal(429, (await SendAsync(factory, First, null, "/ws/stream")).Response.StatusCode);

        // Other addresses are unaffected.
        Assert.Equal(200, (await SendAsync(factory, Second, "s3cret")).Response.StatusCode);
    }
}
