using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace PredictionSdk.Server.Hub;

/// <summary>
/// Fans live messages out to WebSocket clients. Each client has its own bounded send queue; a client
/// whose queue is full is closed with a reason instead of slowing the others down.
/// </summary>
public sealed class StreamHub(IOptions<ServerOptions> options, ILogger<StreamHub> logger)
{
    private readonly ConcurrentDictionary<Guid, HubClient> _clients = new();
    private long _droppedClients;

    /// <summary>Connected clients.</summary>
    public int ClientCount => _clients.Count;

    /// <summary>Clients closed because they could not keep up.</summary>
    public long DroppedClients => Interlocked.Read(ref _droppedClients);

    /// <summary>Registers a connected socket.</summary>
    public HubClient Connect(WebSocket socket)
    {
        var client = new HubClient(socket, options.Value.WebSocketSendQueue);
        _clients[client.Id] = client;
        return client;
    }

    /// <summary>Forgets a client.</summary>
    public void Disconnect(HubClient client) => _clients.TryRemove(client.Id, out _);

    /// <summary>Sends <paramref name="message"/> to every client subscribed to <paramref name="symbol"/>.</summary>
    public void Publish(Symbol symbol, object message)
    {
        byte[]? payload = null;
        foreach (var client in _clients.Values)
        {
            if (!client.IsSubscribed(symbol))
            {
                continue;
            }

            payload ??= JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), ApiJson.Options);
            if (!client.TryEnqueue(payload))
            {
                Interlocked.Increment(ref _droppedClients);
                logger.LogWarning("Closing WebSocket client {Client}: its send queue of {Capacity} messages is full", client.Id, options.Value.WebSocketSendQueue);
                client.Abandon("send queue full: client too slow");
                _clients.TryRemove(client.Id, out _);
            }
        }
    }
}

/// <summary>One WebSocket client: its subscriptions and its bounded send queue.</summary>
public sealed class HubClient
{
    private readonly Channel<byte[]> _queue;
    private readonly ConcurrentDictionary<Symbol, byte> _symbols = new();

    internal HubClient(WebSocket socket, int capacity)
    {
        Socket = socket;
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Identity for logs.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The socket.</summary>
    public WebSocket Socket { get; }

    /// <summary>Why the server closed this client, if it did.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Adds symbols to the subscription.</summary>
    public void Subscribe(IEnumerable<Symbol> symbols)
    {
        foreach (var symbol in symbols)
        {
            _symbols[symbol] = 0;
        }
    }

    /// <summary>Removes symbols from the subscription.</summary>
    public void Unsubscribe(IEnumerable<Symbol> symbols)
    {
        foreach (var symbol in symbols)
        {
            _symbols.TryRemove(symbol, out _);
        }
    }

    /// <summary>Current subscription.</summary>
    public IReadOnlyCollection<Symbol> Symbols => _symbols.Keys.ToArray();

    internal bool IsSubscribed(Symbol symbol) => _symbols.ContainsKey(symbol);

    /// <summary>Queues a frame without waiting; false when the queue is full.</summary>
    public bool TryEnqueue(byte[] payload) => _queue.Writer.TryWrite(payload);

    internal void Abandon(string reason)
    {
        CloseReason = reason;
        _queue.Writer.TryComplete();
    }

    /// <summary>Sends queued frames until the queue completes or the socket fails, then closes with the reason if there is one.</summary>
    public async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (byte[] payload in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                await Socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }

            if (CloseReason is not null && Socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, CloseReason, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away or the server is stopping; nothing left to send to.
        }
    }

    internal void Complete() => _queue.Writer.TryComplete();

    internal bool TryDequeueForTest(out byte[]? payload) => _queue.Reader.TryRead(out payload);
}
