using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PredictionSdk.Server.Hub;

namespace PredictionSdk.Server.Tests;

public sealed class HubTests
{
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

    [Fact]
    public void A_client_that_cannot_keep_up_is_dropped_with_a_reason_and_others_keep_receiving()
    {
        var hub = new StreamHub(Options.Create(new ServerOptions { WebSocketSendQueue = 8 }), NullLogger<StreamHub>.Instance);
        var btc = Symbol.Parse("BTC-USDT");
        var slow = hub.Connect(new StalledSocket());
        var fast = hub.Connect(new StalledSocket());
        slow.Subscribe([btc]);
        fast.Subscribe([btc]);

        // Nobody pumps the slow client's queue; the fast one is drained after every message.
        var drained = 0;
        for (int i = 0; i < 20; i++)
        {
            hub.Publish(btc, new { type = "tick", i });
            while (DrainOne(fast))
            {
                drained++;
            }
        }

        Assert.Equal(1, hub.DroppedClients);
        Assert.Equal(1, hub.ClientCount);
        Assert.Equal("send queue full: client too slow", slow.CloseReason);
        Assert.Null(fast.CloseReason);
        Assert.Equal(20, drained);
    }

    private static bool DrainOne(HubClient client) => client.TryDequeueForTest(out _);
}
