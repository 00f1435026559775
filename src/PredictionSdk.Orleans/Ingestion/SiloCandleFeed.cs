using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace PredictionSdk.Orleans;

/// <summary>
/// The feed ingestion of one silo: it subscribes to the candle source only for the symbols whose grains live on this
/// silo. A grain attaches on activation and detaches on deactivation, so placement decides who ingests what, and a
/// symbol that fails over is subscribed again by the silo it moves to.
/// </summary>
/// <remarks>
/// <para>Symbols attached close together share one source subscription (a bucket of up to
/// <see cref="PredictionClusterOptions.SymbolsPerConnection"/>, opened <see cref="PredictionClusterOptions.BucketDelay"/>
/// after its first symbol): one exchange connection per bucket rather than per symbol. A bucket never changes; a symbol
/// that detaches has its updates dropped, and the bucket closes when none of its symbols is left.</para>
/// <para>Each symbol has a mailbox drained by one sender, so a grain sees its updates in order, at most one call at a
/// time, batched when it falls behind. A full mailbox makes the subscription wait (no update is dropped for speed).</para>
/// <para>A subscription that fails is reopened with backoff; the source's sequencer-facing reconnect and backfill
/// logic stays in the grain's pipeline. Updates at or before a symbol's resume point (its last published bar, or the
/// last bar forwarded) are dropped, so a reopened replay or a failover never feeds a bar twice.</para>
/// </remarks>
internal sealed partial class SiloCandleFeed : IAsyncDisposable
{
    private readonly SiloPredictionHost _host;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Symbol, Mailbox> _mailboxes = new();
    private readonly Lock _gate = new();
    private readonly List<Mailbox> _pending = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _buckets = [];
    private Timer? _bucketTimer;

    public SiloCandleFeed(SiloPredictionHost host, ILogger<SiloCandleFeed> logger)
    {
        _host = host;
        _logger = logger;
    }

    /// <summary>Symbols currently attached on this silo.</summary>
    public int AttachedSymbols => _mailboxes.Count;

    /// <summary>Source subscriptions opened so far on this silo.</summary>
    public int BucketsOpened { get; private set; }

    /// <summary>Starts ingesting <paramref name="symbol"/> for <paramref name="grain"/>, from after <paramref name="resumeAfter"/>.</summary>
    public void Attach(Symbol symbol, DateTime? resumeAfter, IPredictionSymbolGrain grain)
    {
        var mailbox = new Mailbox(symbol, resumeAfter, grain, _host.Options.MailboxCapacity);
        if (_mailboxes.TryRemove(symbol, out var previous))
        {
            previous.Close();
        }

        _mailboxes[symbol] = mailbox;
        mailbox.Sender = Task.Run(() => SendAsync(mailbox, _stopping.Token));
        lock (_gate)
        {
            _pending.Add(mailbox);
            if (_pending.Count >= _host.Options.SymbolsPerConnection)
            {
                OpenBucket();
            }
            else
            {
                _bucketTimer ??= new Timer(_ => { lock (_gate) { OpenBucket(); } }, null, _host.Options.BucketDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Stops ingesting <paramref name="symbol"/>; its pending updates are dropped.</summary>
    public void Detach(Symbol symbol)
    {
        if (_mailboxes.TryRemove(symbol, out var mailbox))
        {
            mailbox.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] buckets;
        lock (_gate)
        {
            _bucketTimer?.Dispose();
            buckets = [.. _buckets];
        }

        foreach (var mailbox in _mailboxes.Values)
        {
            mailbox.Close();
        }

        await Task.WhenAll(buckets).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void OpenBucket()
    {
        // Caller holds _gate.
        _bucketTimer?.Dispose();
        _bucketTimer = null;
        if (_pending.Count == 0 || _stopping.IsCancellationRequested)
        {
            return;
        }

        var members = _pending.ToArray();
        _pending.Clear();
        BucketsOpened++;
        _buckets.Add(Task.Run(() => RunBucketAsync(members, _stopping.Token)));
    }

    private async Task RunBucketAsync(Mailbox[] members, CancellationToken stopping)
    {
        var bySymbol = members.ToDictionary(m => m.Symbol);
        var symbols = members.Select(m => m.Symbol).ToArray();
        var delay = TimeSpan.FromMilliseconds(250);
        Log.BucketOpened(_logger, symbols.Length, _host.Source.Name);
        while (!stopping.IsCancellationRequested && members.Any(m => !m.IsClosed))
        {
            try
            {
                await foreach (var update in _host.Source.StreamAsync(symbols, _host.Options.Interval, stopping).ConfigureAwait(false))
                {
                    if (bySymbol.TryGetValue(update.Symbol, out var mailbox))
                    {
                        await mailbox.OfferAsync(update, stopping).ConfigureAwait(false);
                        if (mailbox.IsClosed && members.All(m => m.IsClosed))
                        {
                            // Every symbol of the bucket moved or stopped: close the connection.
                            return;
                        }
                    }
                }

                // A finite source (a replay) has ended: let each grain flush what its pipeline holds.
                foreach (var mailbox in members)
                {
                    mailbox.Complete();
                }

                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.BucketFailed(_logger, ex, symbols.Length, _host.Source.Name, delay);
                await Task.Delay(delay, stopping).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private async Task SendAsync(Mailbox mailbox, CancellationToken stopping)
    {
        var reader = mailbox.Reader;
        var batch = new List<CandleUpdate>(_host.Options.MaxPushBatch);
        try
        {
            while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _host.Options.MaxPushBatch && reader.TryRead(out var update))
                {
                    batch.Add(update);
                }

                await mailbox.Grain.PushAsync(new Immutable<CandleUpdate[]>([.. batch])).ConfigureAwait(false);
            }

            if (mailbox.Completed && !mailbox.IsClosed)
            {
                await mailbox.Grain.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The grain is gone or its silo is failing; the next activation attaches a new mailbox.
            Log.SendFailed(_logger, ex, mailbox.Symbol);
            mailbox.Close();
            _mailboxes.TryRemove(new KeyValuePair<Symbol, Mailbox>(mailbox.Symbol, mailbox));
        }
    }

    /// <summary>One symbol's ordered queue between its bucket and its grain.</summary>
    private sealed class Mailbox(Symbol symbol, DateTime? resumeAfter, IPredictionSymbolGrain grain, int capacity)
    {
        private readonly Channel<CandleUpdate> _queue = Channel.CreateBounded<CandleUpdate>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        private DateTime _after = resumeAfter ?? DateTime.MinValue;

        public Symbol Symbol { get; } = symbol;

        public IPredictionSymbolGrain Grain { get; } = grain;

        public Task? Sender { get; set; }

        public bool IsClosed { get; private set; }

        public bool Completed { get; private set; }

        public ChannelReader<CandleUpdate> Reader => _queue.Reader;

        public async ValueTask OfferAsync(CandleUpdate update, CancellationToken cancellationToken)
        {
            if (IsClosed)
            {
                ClusterTelemetry.FeedDrops.Add(1, new KeyValuePair<string, object?>("reason", "detached"));
                return;
            }

            if (update.Candle.Timestamp <= _after)
            {
                ClusterTelemetry.FeedDrops.Add(1, new KeyValuePair<string, object?>("reason", "stale"));
                return;
            }

            if (update.IsFinal)
            {
                _after = update.Candle.Timestamp;
            }

            try
            {
                await _queue.Writer.WriteAsync(update, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                ClusterTelemetry.FeedDrops.Add(1, new KeyValuePair<string, object?>("reason", "detached"));
            }
        }

        public void Complete()
        {
            Completed = true;
            _queue.Writer.TryComplete();
        }

        public void Close()
        {
            IsClosed = true;
            _queue.Writer.TryComplete();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Opened a {Source} subscription for {Symbols} symbols hosted here")]
        public static partial void BucketOpened(ILogger logger, int symbols, string source);

        [LoggerMessage(2, LogLevel.Warning, "The {Source} subscription of {Symbols} symbols failed; reopening in {Delay}")]
        public static partial void BucketFailed(ILogger logger, Exception exception, int symbols, string source, TimeSpan delay);

        [LoggerMessage(3, LogLevel.Warning, "Handing updates to {Symbol}'s grain failed; detached until it activates again")]
        public static partial void SendFailed(ILogger logger, Exception exception, Symbol symbol);
    }
}
