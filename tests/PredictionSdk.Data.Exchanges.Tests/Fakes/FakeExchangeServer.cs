using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PredictionSdk.Data.Tests.Exchanges.Fakes;

/// <summary>
/// A loopback Kestrel server (127.0.0.1, ephemeral port) with WebSockets and REST, plus the fault switches the
/// suites share: refuse the next N WebSocket upgrades, fail the next REST calls with given status codes.
/// </summary>
public sealed class FakeExchangeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _refuse;
    private int _connections;
    private int _refused;
    private int _restCalls;

    private FakeExchangeServer(WebApplication app, Uri httpBase)
    {
        _app = app;
        HttpBase = httpBase;
        WebSocketBase = new Uri(httpBase.ToString().Replace("http://", "ws://", StringComparison.Ordinal));
    }

    public Uri HttpBase { get; }

    public Uri WebSocketBase { get; }

    /// <summary>Status codes (429 gets <c>Retry-After: 0</c>) returned by the next REST calls, in order.</summary>
    public ConcurrentQueue<int> RestFailures { get; } = new();

    public int WebSocketConnections => Volatile.Read(ref _connections);

    public int RefusedConnections => Volatile.Read(ref _refused);

    public int RestCalls => Volatile.Read(ref _restCalls);

    /// <summary>Messages the clients sent, in arrival order.</summary>
    public ConcurrentQueue<string> ClientMessages { get; } = new();

    public static async Task<FakeExchangeServer> StartAsync(Action<WebApplication, Func<FakeExchangeServer>> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        FakeExchangeServer? server = null;
        map(app, () => server!);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeExchangeServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>The next <paramref name="count"/> WebSocket upgrades get HTTP 503.</summary>
    public void RefuseNextConnections(int count) => Volatile.Write(ref _refuse, count);

    /// <summary>Accepts the upgrade unless refusals are pending; null when refused or not a WebSocket request.</summary>
    public async Task<WebSocket?> AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return null;
        }

        if (Interlocked.Decrement(ref _refuse) >= 0)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = 503;
            return null;
        }

        Interlocked.Exchange(ref _refuse, Math.Max(Volatile.Read(ref _refuse), 0));
        Interlocked.Increment(ref _connections);
        return await context.WebSockets.AcceptWebSocketAsync();
    }

    /// <summary>Answers with the next queued failure, if any; true when it did.</summary>
    public async Task<bool> TryFailRestAsync(HttpContext context)
    {
        Interlocked.Increment(ref _restCalls);
        if (!RestFailures.TryDequeue(out int status))
        {
            return false;
        }

        context.Response.StatusCode = status;
        if (status == 429)
        {
            context.Response.Headers.RetryAfter = "0";
        }

        await context.Response.WriteAsync("{\"error\":\"injected\"}");
        return true;
    }

    public async Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads client messages until the socket closes, recording each and passing it to <paramref name="onMessage"/>.</summary>
    public async Task ReadClientAsync(WebSocket socket, Func<string, Task> onMessage, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                string text = Encoding.UTF8.GetString(buffer, 0, result.Count);
                ClientMessages.Enqueue(text);
                await onMessage(text);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _sendLock.Dispose();
    }
}
