using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PredictionSdk.Server.Diagnostics;

namespace PredictionSdk.Server.Hub;

/// <summary>
/// Fans live messages out to WebSocket clients. Each client has its own bounded send queue; a client whose queue
/// overflows, or whose send does not complete within <see cref="ServerOptions.WebSocketSendTimeout"/>, is aborted
/// (its connection closed) instead of slowing the others down, and counted.
/// </summary>
public sealed class StreamHub
{
    private readonly ConcurrentDictionary<Guid, HubClient> _clients = new();
    private readonly ServerOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<StreamHub> _logger;
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private long _droppedClients;

    /// <summary>Creates the hub.</summary>
    public StreamHub(IOptions<ServerOptions> options, ServerMetrics metrics, ILogger<StreamHub> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        metrics.ObserveClients(() => _clients.Count);
    }

    /// <summary>Connected clients.</summary>
    public int ClientCount => _clients.Count;

    /// <summary>Clients aborted because they could not keep up.</summary>
    public long DroppedClients => Interlocked.Read(ref _droppedClients);

    /// <summary>Registers a connected socket; <paramref name="abortConnection"/> closes its connection at once.</summary>
    public HubClient Connect(WebSocket socket, Action abortConnection)
    {
        var client = new HubClient(socket, _options.WebSocketSendQueue, _options.WebSocketSendTimeout, abortConnection, Drop);
        _clients[client.Id] = client;
        return client;
    }

    /// <summary>Forgets a client.</summary>
    public void Disconnect(HubClient client) => _clients.TryRemove(client.Id, out _);

    /// <summary>
    /// Sends <paramref name="message"/> to every client subscribed to <paramref name="symbol"/>. A client whose queue is
    /// full gets what is left of its grace (<see cref="HubClient.GracePerSecond"/>) to make room, all such clients at
    /// once; a client still full after it is aborted.
    /// </summary>
    public async ValueTask PublishAsync(Symbol symbol, object message, CancellationToken cancellationToken = default)
    {
        // One publisher at a time (candles and predictions come from different tasks): every client sees the same
        // order, and a client found full by both is judged once.
        await _publishing.WaitAsync(cancellationToken);
        try
        {
            byte[]? payload = null;
            List<HubClient>? full = null;
            foreach (var client in _clients.Values)
            {
                if (!client.IsSubscribed(symbol))
                {
                    continue;
                }

                payload ??= JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), ApiJson.Options);
                if (!client.TryEnqueue(payload))
                {
                    (full ??= []).Add(client);
                }
            }

            if (full is null)
            {
                return;
            }

            bool[] queued = await Task.WhenAll(full.Select(client => client.EnqueueWithinGraceAsync(payload!, cancellationToken)));
            for (int i = 0; i < full.Count; i++)
            {
                if (!queued[i])
                {
                    Drop(full[i], ClientDropReason.QueueFull);
                }
            }
        }
        finally
        {
            _publishing.Release();
        }
    }

    private void Drop(HubClient client, ClientDropReason reason)
    {
        // A pump timing out and a publisher finding the queue full can race: count the client once.
        if (!client.Abort(reason))
        {
            return;
        }

        Disconnect(client);
        Interlocked.Increment(ref _droppedClients);
        _metrics.ClientDropped(reason);
        _logger.LogWarning("Aborted WebSocket client {Client}: {Reason} (queue {Capacity} messages, send timeout {Timeout})",
            client.Id, client.CloseReason, _options.WebSocketSendQueue, _options.WebSocketSendTimeout);
    }
}
