using System.Diagnostics.Metrics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using PredictionSdk.Server.Hub;
using Xunit.Abstractions;

namespace PredictionSdk.Server.Tests;

/// <summary>Real WebSocket clients on loopback against the server on Kestrel, replaying fast (about 200 messages a second).</summary>
public sealed class SlowClientTests(ITestOutputHelper output)
{
    private static ServerFactory FastReplay(int queue, TimeSpan sendTimeout)
    {
        var factory = new ServerFactory();
        factory.Settings["Server:WebSocketSendQueue"] = queue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        factory.Settings["Server:WebSocketSendTimeout"] = sendTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        factory.Settings["PredictionSdk:Feeds:Replay:Speed"] = "3000";
        factory.Settings["PredictionSdk:Stream:ModelPath"] = ServerFactory.TestModel;

        // Accepted sockets inherit the listener's send buffer: a small fixed one (instead of Linux growing it to megabytes)
        // makes a client that stops reading back the server up within seconds.
        factory.Customize = builder => builder.ConfigureServices(services => services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = endpoint =>
        {
            var listener = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            listener.SendBufferSize = 16 * 1024;
            return listener;
        }));
        return factory;
    }

    /// <summary>A client WebSocket whose TCP receive buffer is small, so a client that stops reading backs up the server quickly.</summary>
    private static async Task<(ClientWebSocket Socket, IPEndPoint Local)> ConnectAsync(Uri server, int receiveBuffer)
    {
        IPEndPoint? local = null;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = receiveBuffer, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                local = (IPEndPoint)socket.LocalEndPoint!;
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new ClientWebSocket();
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        await client.ConnectAsync(new Uri($"ws://{server.Authority}/ws/stream"), invoker, CancellationToken.None);
        await client.SendAsync(Encoding.UTF8.GetBytes("""{"action":"subscribe","symbols":["BTC-USDT"]}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        return (client, local!);
    }

    /// <summary>The state of the server's end of the TCP connection from <paramref name="client"/>, or null once it is gone.</summary>
    private static TcpState? ServerSide(Uri server, IPEndPoint client) =>
        IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
            .Where(c => c.LocalEndPoint.Port == server.Port && c.RemoteEndPoint.Port == client.Port)
            .Select(c => (TcpState?)c.State)
            .FirstOrDefault();

    private static MeterListener ListenToDrops(ServerFactory factory, List<string> reasons)
    {
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "psdk.server.websocket.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (reasons)
            {
                reasons.Add(tags.ToArray().Single(t => t.Key == "reason").Value!.ToString()!);
            }
        });
        listener.Start();
        return listener;
    }

    [Theory]
    [InlineData(8, 60, "queue_full")]
    [InlineData(100_000, 1, "send_timeout")]
    public async Task A_client_that_stops_reading_is_aborted_and_its_connection_closed(int queue, int sendTimeoutSeconds, string reason)
    {
        using var factory = FastReplay(queue, TimeSpan.FromSeconds(sendTimeoutSeconds));
        var server = factory.StartOnLoopback();
        var reasons = new List<string>();
        using var listener = ListenToDrops(factory, reasons);
        var (socket, local) = await ConnectAsync(server, receiveBuffer: 4096);
        using var _ = socket;
        Assert.Equal(TcpState.Established, ServerSide(server, local));

        // The client never reads again. Once the kernel buffers and the connection's output buffer are full, the server
        // must give up on it and close the connection rather than hold it open indefinitely.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (ServerSide(server, local) == TcpState.Established && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        output.WriteLine($"server side {ServerSide(server, local)?.ToString() ?? "gone"} after {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.NotEqual(TcpState.Established, ServerSide(server, local));
        var hub = factory.Services.GetRequiredService<StreamHub>();
        Assert.Equal(1, hub.DroppedClients);
        Assert.Equal(0, hub.ClientCount);
        Assert.Equal([reason], reasons);
    }

    [Fact]
    public async Task A_client_that_reads_promptly_at_the_smallest_queue_is_never_dropped()
    {
        // Connected from the start, so it also lives through the start-up (warm-up, first inference, replay catch-up).
        using var factory = FastReplay(queue: 8, TimeSpan.FromSeconds(10));
        var server = factory.StartOnLoopback();
        var (socket, _) = await ConnectAsync(server, receiveBuffer: 64 * 1024);
        using var __ = socket;
        var counts = new Dictionary<string, int>();
        var buffer = new byte[64 * 1024];
        var reading = System.Diagnostics.Stopwatch.StartNew();
        while (reading.Elapsed < TimeSpan.FromSeconds(8))
        {
            // Cancelling a receive aborts a client WebSocket, so the read is bounded by a timeout that only a stall would hit.
            using var stall = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var result = await socket.ReceiveAsync(buffer, stall.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            Assert.True(result.EndOfMessage);
            using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            string type = message.RootElement.GetProperty("type").GetString()!;
            counts[type] = counts.GetValueOrDefault(type) + 1;
        }

        var hub = factory.Services.GetRequiredService<StreamHub>();
        output.WriteLine(string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
        Assert.Equal(0, hub.DroppedClients);
        Assert.Equal(1, hub.ClientCount);
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.True(counts.GetValueOrDefault("candle") > 500, "the replay did not push fast enough to test anything");
        Assert.True(counts.GetValueOrDefault("prediction") > 50, "no predictions arrived");
    }
}
