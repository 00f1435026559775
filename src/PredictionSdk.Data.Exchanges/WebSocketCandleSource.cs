using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace PredictionSdk.Data.Exchanges;

/// <summary>
/// Base of the exchange adapters: one WebSocket connection per <see cref="StreamAsync"/> call, reconnected with
/// exponential backoff and jitter (Polly), resubscribed, renewed before the exchange's lifetime limit, and
/// gap-backfilled over REST so that the final bars of every symbol come out in order, without holes or duplicates.
/// Malformed messages and invalid candles are counted in <see cref="Statistics"/> and logged; they never end the stream.
/// </summary>
public abstract partial class WebSocketCandleSource : ICandleSource, IFeedStatistics, IDisposable
{
    private readonly ExchangeFeedOptions _options;
    private bool _disposed;

    private protected WebSocketCandleSource(string name, ExchangeFeedOptions options, HttpClient? httpClient, ILogger logger, TimeProvider? timeProvider, Action<HttpRequestMessage>? decorateRest = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        Name = name;
        _options = options;
        Logger = logger;
        Time = timeProvider ?? TimeProvider.System;
        Rest = new FeedRestClient(name, options, httpClient, Statistics, logger, Time, decorateRest);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Counters of this source: frames, malformed frames, rejected candles, reconnects, backfilled bars…</summary>
    public FeedStatistics Statistics { get; } = new();

    /// <inheritdoc />
    long IFeedStatistics.Reconnects => Statistics.Reconnects;

    /// <inheritdoc />
    long IFeedStatistics.MalformedFrames => Statistics.MalformedFrames;

    private protected ILogger Logger { get; }

    private protected TimeProvider Time { get; }

    private protected FeedRestClient Rest { get; }

    /// <inheritdoc />
    public async IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(symbols);
        if (symbols.Count == 0)
        {
            throw new ArgumentException($"{Name}: at least one symbol is required.", nameof(symbols));
        }

        ValidateRequest(symbols, interval);
        var channel = Channel.CreateBounded<CandleUpdate>(new BoundedChannelOptions(_options.BufferCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new FeedRun(CreateSession(symbols, interval), symbols, interval, channel.Writer);
        var pump = Task.Run(() => RunAsync(run, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var update in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the REST client and rate limiter.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            Rest.Dispose();
        }

        _disposed = true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the exchange cannot stream <paramref name="interval"/> or a symbol.</summary>
    private protected abstract void ValidateRequest(IReadOnlyList<Symbol> symbols, Interval interval);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first symbol that is not of <paramref name="assetClass"/> (<paramref name="kind"/>, e.g. "a crypto pair").</summary>
    private protected void RequireAssetClass(IReadOnlyList<Symbol> symbols, AssetClass assetClass, string kind)
    {
        foreach (var symbol in symbols)
        {
            if (symbol.AssetClass != assetClass)
            {
                throw new ArgumentException($"{Name}: '{symbol}' is not {kind}.", nameof(symbols));
            }
        }
    }

    private protected abstract FeedSession CreateSession(IReadOnlyList<Symbol> symbols, Interval interval);

    private static string Excerpt(ReadOnlySpan<byte> message)
    {
        var text = Encoding.UTF8.GetString(message[..Math.Min(message.Length, 160)]);
        return string.Create(text.Length, text, static (span, s) =>
        {
            for (int i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? ' ' : s[i];
            }
        });
    }

    private async Task RunAsync(FeedRun run, CancellationToken cancellationToken)
    {
        var reconnect = new ResiliencePipelineBuilder { TimeProvider = Time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not FeedAuthenticationException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.ReconnectDelay,
                MaxDelay = _options.MaxReconnectDelay,
                OnRetry = args =>
                {
                    Statistics.ConnectFailed();
                    FeedLog.ReconnectScheduled(Logger, Name, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            })
            .Build();

        Exception? fatal = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                bool planned = await reconnect.ExecuteAsync(token => RunConnectionAsync(run, token), cancellationToken).ConfigureAwait(false);
                if (!planned)
                {
                    await Task.Delay(_options.ReconnectDelay, Time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            fatal = ex;
            FeedLog.Fatal(Logger, Name, ex);
        }
        finally
        {
            run.Writer.TryComplete(fatal);
            FeedLog.Stopped(Logger, Name, Statistics);
        }
    }

    /// <summary>One connection's life. Returns true for a planned renewal; throws when it ended before delivering data.</summary>
    private async ValueTask<bool> RunConnectionAsync(FeedRun run, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        if (_options.KeepAliveInterval > TimeSpan.Zero)
        {
            socket.Options.KeepAliveInterval = _options.KeepAliveInterval;
            socket.Options.KeepAliveTimeout = _options.IdleTimeout;
        }

        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connectTimeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(run.Session.Endpoint, connectTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name}: no WebSocket handshake with {run.Session.Endpoint.GetLeftPart(UriPartial.Path)} within {_options.ConnectTimeout}.", ex);
            }
        }

        bool isReconnect = run.Connections++ > 0;
        Statistics.Connected(isReconnect);
        FeedLog.Connected(Logger, Name, run.Session.Endpoint.GetLeftPart(UriPartial.Path), run.Connections);
        if (isReconnect)
        {
            foreach (var state in run.States.Values)
            {
                state.GapSuspected = true;
            }
        }

        long emittedBefore = run.Emitted;
        string reason;
        Exception? error = null;
        bool planned = false;
        try
        {
            bool first = true;
            foreach (string message in run.Session.OnConnected())
            {
                if (!first && run.Session.SendSpacing > TimeSpan.Zero)
                {
                    await Task.Delay(run.Session.SendSpacing, Time, cancellationToken).ConfigureAwait(false);
                }

                await SendAsync(socket, message, cancellationToken).ConfigureAwait(false);
                first = false;
            }

            (reason, planned) = await ReceiveAsync(socket, run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            reason = ex.Message;
            error = ex;
        }
        finally
        {
            run.Session.OnDisconnected();
        }

        if (run.Emitted == emittedBefore && !planned)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"{Name}: connection ended before any data arrived ({reason}).", error);
        }

        if (!planned)
        {
            FeedLog.Disconnected(Logger, Name, reason, error);
        }

        return planned;
    }

    private async Task<(string Reason, bool Planned)> ReceiveAsync(ClientWebSocket socket, FeedRun run, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        var output = new FrameOutput();
        long started = Time.GetTimestamp();
        bool oversized = false;
        using var receiveTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                TimeSpan lifeLeft = _options.MaxConnectionLifetime - Time.GetElapsedTime(started);
                if (lifeLeft <= TimeSpan.Zero)
                {
                    Statistics.PlannedReconnect();
                    FeedLog.ConnectionRenewed(Logger, Name, _options.MaxConnectionLifetime);
                    await CloseQuietlyAsync(socket).ConfigureAwait(false);
                    return ("renewed", true);
                }

                bool lifetimeBound = lifeLeft < _options.IdleTimeout;
                receiveTimeout.CancelAfter(lifetimeBound ? lifeLeft : _options.IdleTimeout);
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(), receiveTimeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    if (lifetimeBound)
                    {
                        Statistics.PlannedReconnect();
                        FeedLog.ConnectionRenewed(Logger, Name, _options.MaxConnectionLifetime);
                        return ("renewed", true);
                    }

                    Statistics.IdleTimeout();
                    FeedLog.IdleTimeout(Logger, Name, _options.IdleTimeout);
                    return ("idle timeout", false);
                }

                receiveTimeout.TryReset();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseQuietlyAsync(socket).ConfigureAwait(false);
                    return ($"closed by the server ({socket.CloseStatus} {socket.CloseStatusDescription})", false);
                }

                if (message.WrittenCount + result.Count > _options.MaxMessageBytes)
                {
                    oversized = true;
                }
                else
                {
                    message.Write(buffer.AsSpan(0, result.Count));
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                Statistics.Frame();
                if (oversized)
                {
                    Statistics.Malformed();
                    FeedLog.MalformedFrame(Logger, Name, $"longer than {_options.MaxMessageBytes} bytes", Excerpt(message.WrittenSpan));
                }
                else
                {
                    Classify(run.Session, message.WrittenSpan, output);
                    foreach (string reply in output.Replies)
                    {
                        await SendAsync(socket, reply, cancellationToken).ConfigureAwait(false);
                    }

                    foreach (var update in output.Updates)
                    {
                        await HandleAsync(run, update, cancellationToken).ConfigureAwait(false);
                    }
                }

                oversized = false;
                message.ResetWrittenCount();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Classify(FeedSession session, ReadOnlySpan<byte> message, FrameOutput output)
    {
        output.Clear();
        FrameKind kind;
        try
        {
            kind = session.OnFrame(message, output);
        }
        catch (Exception ex) when (ex is not FeedAuthenticationException)
        {
            kind = FrameKind.Malformed;
            output.Problem = ex.Message;
        }

        for (int i = 0; i < output.LateTrades; i++)
        {
            Statistics.LateTrade();
        }

        for (int i = 0; i < output.DuplicateTrades; i++)
        {
            Statistics.Duplicate();
        }

        for (int i = 0; i < output.InvalidTrades; i++)
        {
            Statistics.Rejected();
            FeedLog.TradeRejected(Logger, Name, Excerpt(message));
        }

        switch (kind)
        {
            case FrameKind.Malformed:
                output.Updates.Clear();
                output.Replies.Clear();
                Statistics.Malformed();
                FeedLog.MalformedFrame(Logger, Name, output.Problem ?? "unreadable", Excerpt(message));
                session.OnMalformed();
                break;
            case FrameKind.ExchangeError:
                Statistics.ExchangeError();
                FeedLog.ExchangeError(Logger, Name, output.Problem ?? Excerpt(message));
                break;
            case FrameKind.Ignored:
                Statistics.Ignored();
                break;
            case FrameKind.Heartbeat:
                Statistics.Heartbeat();
                break;
        }
    }

    private static async Task SendAsync(ClientWebSocket socket, string message, CancellationToken cancellationToken) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The connection is being replaced; a failed goodbye changes nothing.
        }
    }

    private sealed class SymbolState
    {
        public DateTime? LastFinal { get; set; }

        public DateTime? LastOpen { get; set; }

        /// <summary>Set after a reconnect or a rejected candle: the next gap is lost data, not a quiet market.</summary>
        public bool GapSuspected { get; set; }
    }

    private sealed class FeedRun(FeedSession session, IReadOnlyList<Symbol> symbols, Interval interval, ChannelWriter<CandleUpdate> writer)
    {
        public FeedSession Session { get; } = session;

        public Interval Interval { get; } = interval;

        public ChannelWriter<CandleUpdate> Writer { get; } = writer;

        public Dictionary<Symbol, SymbolState> States { get; } = symbols.Distinct().ToDictionary(s => s, _ => new SymbolState());

        public long Connections { get; set; }

        public long Emitted { get; set; }
    }
}
