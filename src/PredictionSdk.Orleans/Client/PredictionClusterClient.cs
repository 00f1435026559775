using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using PredictionSdk.Streaming;

namespace PredictionSdk.Orleans;

/// <summary>
/// The cluster seen from a client, mirroring <see cref="Streaming.RealTimeStream"/>: start symbols, then read their
/// predictions, or their closed bars with indicators, as an <see cref="IAsyncEnumerable{T}"/> or take them in a
/// callback, per symbol or for a set.
/// </summary>
/// <remarks>
/// Symbol grains publish each bar at most once (see <see cref="IPredictionSymbolGrain"/>). The client checks it again:
/// per (symbol, horizon) it passes only predictions of a newer bar than the last one, and counts any other in
/// <see cref="DuplicatesDropped"/>, so a stream provider that redelivers after its own failover cannot double one either.
/// </remarks>
/// <example>
/// <code>
/// var cluster = host.Services.GetRequiredService&lt;PredictionClusterClient&gt;();
/// Symbol[] symbols = [Symbol.Parse("BTC-USDT"), Symbol.Parse("ETH-USDT")];
/// await cluster.StartAsync(symbols, ct);
/// await foreach (var p in cluster.ReadAllAsync(symbols, ct))
/// {
///     Console.WriteLine($"{p.Symbol} {p.Timestamp:t} +{p.Horizon}: {p.Direction} {p.Confidence:P0}");
/// }
/// </code>
/// </example>
public sealed class PredictionClusterClient
{
    private readonly IClusterClient _client;
    private readonly PredictionClientOptions _options;
    private long _received;
    private long _duplicates;
    private long _resumptions;

    /// <summary>Creates the client over a connected Orleans client.</summary>
    public PredictionClusterClient(IClusterClient client, IOptions<PredictionClientOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options.Value;
    }

    /// <summary>Predictions delivered to readers and callbacks so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Predictions dropped because a prediction of the same or a newer bar had been delivered for that symbol and horizon.</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicates);

    /// <summary><see cref="SymbolResumed"/> notices received so far.</summary>
    public long Resumptions => Interlocked.Read(ref _resumptions);

    /// <summary>Starts <paramref name="symbols"/> in the cluster (registered for failover, then activated where placement puts them).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task StartAsync(IEnumerable<Symbol> symbols, CancellationToken cancellationToken = default)
    {
        string[] names = Names(symbols);
        await _client.GetGrain<ISymbolRegistryGrain>(ISymbolRegistryGrain.Key).AddAsync(names).WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in names.Chunk(_options.CallBatch))
        {
            await Task.WhenAll(chunk.Select(s => _client.GetGrain<IPredictionSymbolGrain>(s).StartAsync())).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops <paramref name="symbols"/>: no more ingestion or predictions, and no wake after a failover.</summary>
    public async Task StopAsync(IEnumerable<Symbol> symbols, CancellationToken cancellationToken = default)
    {
        string[] names = Names(symbols);
        await _client.GetGrain<ISymbolRegistryGrain>(ISymbolRegistryGrain.Key).RemoveAsync(names).WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in names.Chunk(_options.CallBatch))
        {
            await Task.WhenAll(chunk.Select(s => _client.GetGrain<IPredictionSymbolGrain>(s).StopAsync())).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Each symbol's persisted progress and where it runs now.</summary>
    public async Task<IReadOnlyList<SymbolGrainStatus>> GetStatusAsync(IEnumerable<Symbol> symbols, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Names(symbols).Select(s => _client.GetGrain<IPredictionSymbolGrain>(s).GetStatusAsync())).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The predictions of <paramref name="symbols"/> published from now on, in order per symbol, until cancelled.
    /// Several readers may read at once; each gets every prediction.
    /// </summary>
    public IAsyncEnumerable<Prediction> ReadAllAsync(IEnumerable<Symbol> symbols, CancellationToken cancellationToken = default) =>
        ReadThroughChannelAsync<Prediction>((write, ct) => SubscribeAsync(symbols, write, null, ct), cancellationToken);

    /// <summary>
    /// Calls <paramref name="onPrediction"/> for each prediction of <paramref name="symbols"/> (one call at a time per
    /// symbol) and <paramref name="onResumed"/> when a symbol resumes on a new activation, until the returned handle is disposed.
    /// </summary>
    public Task<IAsyncDisposable> SubscribeAsync(
        IEnumerable<Symbol> symbols,
        Func<Prediction, CancellationToken, ValueTask> onPrediction,
        Func<SymbolResumed, CancellationToken, ValueTask>? onResumed = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onPrediction);
        return SubscribeEachAsync(symbols, () =>
        {
            var latest = new ConcurrentDictionary<int, DateTime>();
            return (item, stopping) => DeliverAsync(item, latest, onPrediction, onResumed, stopping);
        }, cancellationToken);
    }

    /// <summary>
    /// The closed bars of <paramref name="symbols"/> published from now on, each with the indicators the symbol's
    /// pipeline computed after it (as <see cref="Streaming.RealTimeStream.ReadIndicatorsAsync"/> gives them for closed
    /// bars), in order per symbol, until cancelled. A bar comes before the predictions made from it.
    /// </summary>
    public IAsyncEnumerable<IndicatorUpdate> ReadBarsAsync(IEnumerable<Symbol> symbols, CancellationToken cancellationToken = default) =>
        ReadThroughChannelAsync<IndicatorUpdate>((write, ct) => SubscribeBarsAsync(symbols, write, ct), cancellationToken);

    /// <summary>
    /// Calls <paramref name="onBar"/> for each closed bar of <paramref name="symbols"/> with its indicators (one call at a
    /// time per symbol, each bar once: a bar not newer than the last delivered one is dropped), until the returned handle is disposed.
    /// </summary>
    public Task<IAsyncDisposable> SubscribeBarsAsync(
        IEnumerable<Symbol> symbols,
        Func<IndicatorUpdate, CancellationToken, ValueTask> onBar,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onBar);
        return SubscribeEachAsync(symbols, () =>
        {
            DateTime delivered = DateTime.MinValue;
            return async (item, stopping) =>
            {
                foreach (var bar in item.Bars)
                {
                    if (bar.Update.Candle.Timestamp > delivered)
                    {
                        delivered = bar.Update.Candle.Timestamp;
                        await onBar(bar, stopping).ConfigureAwait(false);
                    }
                }
            };
        }, cancellationToken);
    }

    /// <summary>
    /// Outcomes of the served predictions of <paramref name="symbols"/>, each once when its target bar closes (as
    /// <see cref="Streaming.RealTimeStream.ReadOutcomesAsync"/> gives them), from now on, in order per symbol, until cancelled.
    /// </summary>
    public IAsyncEnumerable<PredictionOutcome> ReadOutcomesAsync(IEnumerable<Symbol> symbols, CancellationToken cancellationToken = default) =>
        ReadThroughChannelAsync<PredictionOutcome>((write, ct) => SubscribeOutcomesAsync(symbols, write, ct), cancellationToken);

    /// <summary>
    /// Calls <paramref name="onOutcome"/> for each outcome of a served prediction of <paramref name="symbols"/> (one call
    /// at a time per symbol; per horizon only outcomes of a newer prediction than the last delivered), until the returned handle is disposed.
    /// </summary>
    public Task<IAsyncDisposable> SubscribeOutcomesAsync(
        IEnumerable<Symbol> symbols,
        Func<PredictionOutcome, CancellationToken, ValueTask> onOutcome,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onOutcome);
        return SubscribeEachAsync(symbols, () =>
        {
            var latest = new Dictionary<int, DateTime>();
            return async (item, stopping) =>
            {
                foreach (var outcome in item.Outcomes)
                {
                    var p = outcome.Prediction;
                    if (!latest.TryGetValue(p.Horizon, out var seen) || p.Timestamp > seen)
                    {
                        latest[p.Horizon] = p.Timestamp;
                        await onOutcome(outcome, stopping).ConfigureAwait(false);
                    }
                }
            };
        }, cancellationToken);
    }

    // The Read*Async forms: a subscription writing into a bounded channel, read until cancelled, then disposed.
    private async IAsyncEnumerable<T> ReadThroughChannelAsync<T>(
        Func<Func<T, CancellationToken, ValueTask>, CancellationToken, Task<IAsyncDisposable>> subscribe,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(_options.ReaderCapacity) { SingleReader = true });
        var subscription = await subscribe((item, ct) => channel.Writer.WriteAsync(item, ct), cancellationToken).ConfigureAwait(false);
        await using (subscription.ConfigureAwait(false))
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
    }

    private async Task<IAsyncDisposable> SubscribeEachAsync(
        IEnumerable<Symbol> symbols, Func<Func<PredictionStreamItem, CancellationToken, Task>> handlerPerSymbol, CancellationToken cancellationToken)
    {
        var provider = _client.GetStreamProvider(_options.StreamProvider);
        var subscription = new Subscription();
        foreach (var chunk in Names(symbols).Chunk(_options.CallBatch))
        {
            var handles = await Task.WhenAll(chunk.Select(name =>
            {
                var handle = handlerPerSymbol();
                var stream = provider.GetStream<PredictionStreamItem>(PredictionStreams.For(Symbol.Parse(name)));
                return stream.SubscribeAsync((item, _) => handle(item, subscription.Stopping));
            })).WaitAsync(cancellationToken).ConfigureAwait(false);
            subscription.Handles.AddRange(handles);
        }

        return subscription;
    }

    private static string[] Names(IEnumerable<Symbol> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        return [.. symbols.Select(s => s.Value).Distinct(StringComparer.Ordinal)];
    }

    private async Task DeliverAsync(
        PredictionStreamItem item,
        ConcurrentDictionary<int, DateTime> latest,
        Func<Prediction, CancellationToken, ValueTask> onPrediction,
        Func<SymbolResumed, CancellationToken, ValueTask>? onResumed,
        CancellationToken cancellationToken)
    {
        if (item.Resumed is { } resumed)
        {
            Interlocked.Increment(ref _resumptions);
            if (onResumed is not null)
            {
                await onResumed(resumed, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var prediction in item.Predictions)
        {
            if (!prediction.IsPreview)
            {
                if (latest.TryGetValue(prediction.Horizon, out var seen) && prediction.Timestamp <= seen)
                {
                    Interlocked.Increment(ref _duplicates);
                    continue;
                }

                latest[prediction.Horizon] = prediction.Timestamp;
            }

            Interlocked.Increment(ref _received);
            await onPrediction(prediction, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Subscription : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public List<StreamSubscriptionHandle<PredictionStreamItem>> Handles { get; } = [];

        public CancellationToken Stopping => _stopping.Token;

        public async ValueTask DisposeAsync()
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            foreach (var handle in Handles)
            {
                try
                {
                    await handle.UnsubscribeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The cluster may already be gone; the subscription dies with it.
                }
            }

            _stopping.Dispose();
        }
    }
}
