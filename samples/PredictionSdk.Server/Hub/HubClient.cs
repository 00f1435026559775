using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace PredictionSdk.Server.Hub;

/// <summary>Why the hub gave up on a client.</summary>
public enum ClientDropReason
{
    /// <summary>The client's send queue stayed full past its grace.</summary>
    QueueFull,

    /// <summary>One send did not complete within the send timeout.</summary>
    SendTimeout,
}

/// <summary>One WebSocket client: its subscriptions, its bounded send queue and the pump that empties it.</summary>
public sealed class HubClient
{
    /// <summary>
    /// How long publishers may wait, per client and second, for a full queue to get room. It absorbs what is not the
    /// client's fault — the pump preempted mid-send on a busy machine, a garbage collection, the replay catching up in a
    /// burst — while a client that keeps its queue full spends it within a second and is aborted.
    /// </summary>
    internal static readonly TimeSpan GracePerSecond = TimeSpan.FromMilliseconds(200);

    private readonly Channel<byte[]> _queue;
    private readonly ConcurrentDictionary<Symbol, byte> _symbols = new();
    private readonly TimeSpan _sendTimeout;
    private readonly Action _abortConnection;
    private readonly Action<HubClient, ClientDropReason> _drop;
    private readonly CancellationTokenSource _aborted = new();
    private readonly Lock _graceGate = new();
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _roomWaiters;
    private long _graceWindowStart = Stopwatch.GetTimestamp();
    private TimeSpan _graceSpent;
    private int _abortedFlag;

    internal HubClient(WebSocket socket, int capacity, TimeSpan sendTimeout, Action abortConnection, Action<HubClient, ClientDropReason> drop)
    {
        Socket = socket;
        _sendTimeout = sendTimeout;
        _abortConnection = abortConnection;
        _drop = drop;
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,

            // A write resumes the waiting pump on the publisher's thread, so a frame goes straight into the connection's
            // output buffer. Handing each frame to the thread pool instead left a whole burst in the queue until a pool
            // thread came by, and a queue of 8 overflowed for clients that read at once. Now the queue holds only what
            // the connection could not take, i.e. what the client has not read yet.
            AllowSynchronousContinuations = true,
        });
    }

    /// <summary>Identity for logs.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The socket.</summary>
    public WebSocket Socket { get; }

    /// <summary>Why the server aborted this client, if it did.</summary>
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

    /// <summary>Queues a frame, waiting for room at most what is left of this second's grace; false when the queue stayed full.</summary>
    internal async Task<bool> EnqueueWithinGraceAsync(byte[] payload, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        TimeSpan allowance = RemainingGrace(start);
        Interlocked.Increment(ref _roomWaiters);
        try
        {
            while (true)
            {
                // Take the signal before trying, so a frame sent in between cannot be missed.
                var room = Volatile.Read(ref _room).Task;
                if (_queue.Writer.TryWrite(payload))
                {
                    return true;
                }

                TimeSpan left = allowance - Stopwatch.GetElapsedTime(start);
                if (left <= TimeSpan.Zero || Volatile.Read(ref _abortedFlag) != 0)
                {
                    return false;
                }

                try
                {
                    await room.WaitAsync(left, cancellationToken);
                }
                catch (TimeoutException)
                {
                    return false;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _roomWaiters);
            lock (_graceGate)
            {
                _graceSpent += Stopwatch.GetElapsedTime(start);
            }
        }
    }

    private TimeSpan RemainingGrace(long now)
    {
        lock (_graceGate)
        {
            if (Stopwatch.GetElapsedTime(_graceWindowStart, now) >= TimeSpan.FromSeconds(1))
            {
                _graceWindowStart = now;
                _graceSpent = TimeSpan.Zero;
            }

            return GracePerSecond - _graceSpent;
        }
    }

    /// <summary>Stops the pump and closes the connection; false if the client was already aborted.</summary>
    internal bool Abort(ClientDropReason reason)
    {
        if (Interlocked.Exchange(ref _abortedFlag, 1) != 0)
        {
            return false;
        }

        CloseReason = reason == ClientDropReason.QueueFull ? "send queue full: client too slow" : "send timed out: client too slow";
        _queue.Writer.TryComplete();
        _aborted.Cancel();

        // No close frame: a client that does not read would never receive it. The connection goes, and with it
        // whatever the kernel still held for this client.
        _abortConnection();
        return true;
    }

    /// <summary>
    /// Sends queued frames until the queue completes, the socket fails or the client is aborted. A send that does not
    /// complete within the send timeout aborts the client.
    /// </summary>
    public async Task PumpAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stop.Token))
            {
                while (_queue.Reader.TryRead(out byte[]? payload))
                {
                    if (Volatile.Read(ref _roomWaiters) > 0)
                    {
                        Interlocked.Exchange(ref _room, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                    }

                    var send = Socket.SendAsync(payload.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, stop.Token);
                    if (send.IsCompleted)
                    {
                        send.GetAwaiter().GetResult();
                    }
                    else
                    {
                        await send.AsTask().WaitAsync(_sendTimeout, stop.Token);
                    }
                }
            }
        }
        catch (TimeoutException)
        {
            _drop(this, ClientDropReason.SendTimeout);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away, was aborted, or the server is stopping; nothing left to send to.
        }
    }

    internal void Complete() => _queue.Writer.TryComplete();

    internal bool TryDequeueForTest(out byte[]? payload) => _queue.Reader.TryRead(out payload);
}
