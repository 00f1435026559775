using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PredictionSdk.Server.Diagnostics;
using PredictionSdk.Server.Hub;

namespace PredictionSdk.Server.Tests;

public sealed class HubTests : IDisposable
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USDT");
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    /// <summary>A socket that never completes a send: the slowest possible client.</summary>
    private sealed class StalledSocket : WebSocket
    {
        public override WebSocketCloseStatus? CloseStatus => null;
        public override string? CloseStatusDescription => null;
        public override WebSocketState State => WebSocketState.Open;
        public override string? SubProtocol => null;
        public override void Abort() { }
        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;
        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;
        public override void Dispose() { }
        public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => new WebSocketReceiveResult(0, WebSocketMessageType.Close, true), TaskScheduler.Default);
        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private StreamHub CreateHub(ServerOptions options) =>
        new(Options.Create(options), new ServerMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<StreamHub>.Instance);

    /// <summary>Collects the drop counter of this test's meter factory, by reason.</summary>
    private MeterListener ListenToDrops(List<string> reasons)
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "psdk.server.websocket.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (reasons)
            {
                reasons.AddRange(Enumerable.Repeat(tags.ToArray().Single(t => t.Key == "reason").Value!.ToString()!, (int)value));
            }
        });
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task A_client_whose_queue_stays_full_is_aborted_counted_and_the_others_keep_receiving()
    {
        var hub = CreateHub(new ServerOptions { WebSocketSendQueue = 8 });
        var reasons = new List<string>();
        using var listener = ListenToDrops(reasons);
        int slowAborts = 0, fastAborts = 0;
        var slow = hub.Connect(new StalledSocket(), () => slowAborts++);
        var fast = hub.Connect(new StalledSocket(), () => fastAborts++);
        slow.Subscribe([Btc]);
        fast.Subscribe([Btc]);

        // Nobody pumps the slow client's queue; the fast one is drained after every message.
        var drained = 0;
        for (int i = 0; i < 20; i++)
        {
            await hub.PublishAsync(Btc, new { type = "tick", i });
            while (fast.TryDequeueForTest(out _))
            {
                drained++;
            }
        }

        Assert.Equal(1, hub.DroppedClients);
        Assert.Equal(1, hub.ClientCount);
        Assert.Equal("send queue full: client too slow", slow.CloseReason);
        Assert.Equal(1, slowAborts);
        Assert.Equal(0, fastAborts);
        Assert.Null(fast.CloseReason);
        Assert.Equal(20, drained);
        Assert.Equal(["queue_full"], reasons);
    }

    [Fact]
    public async Task A_client_whose_send_does_not_complete_in_time_is_aborted_and_counted()
    {
        var hub = CreateHub(new ServerOptions { WebSocketSendQueue = 1000, WebSocketSendTimeout = TimeSpan.FromMilliseconds(200) });
        var reasons = new List<string>();
        using var listener = ListenToDrops(reasons);
        var aborted = new TaskCompletionSource();
        var client = hub.Connect(new StalledSocket(), () => aborted.TrySetResult());
        client.Subscribe([Btc]);
        var pump = client.PumpAsync(CancellationToken.None);

        await hub.PublishAsync(Btc, new { type = "tick" });

        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await pump.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("send timed out: client too slow", client.CloseReason);
        Assert.Equal(1, hub.DroppedClients);
        Assert.Equal(0, hub.ClientCount);
        Assert.Equal(["send_timeout"], reasons);
    }
}
