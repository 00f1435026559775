using PredictionSdk.Validation;

namespace PredictionSdk.Streaming;

/// <summary>
/// Fetches the history <see cref="SymbolPipeline"/>s ask for before their first live bar, at most
/// <c>maxConcurrentRequests</c> at a time, so that warming up a thousand symbols is a paced queue rather than a burst
/// (an exchange source's own rate limiter and page size apply to each request on top). With a candle store, the store
/// serves what it holds and the source only the bars after the store's newest one. The history's interval is checked
/// against the request's (the model's and the pipeline's): bars of another interval are refused with an
/// <see cref="IntervalMismatchException"/> naming the symbol and where the bars came from.
/// </summary>
public sealed class WarmUpLoader : IDisposable
{
    private readonly SemaphoreSlim _gate;
    private readonly ICandleStore? _store;

    /// <summary>Creates the loader.</summary>
    /// <param name="maxConcurrentRequests">History requests in flight at once, over every symbol.</param>
    /// <param name="store">A candle store read before the source, or null to ask the source only.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrentRequests"/> is below 1.</exception>
    public WarmUpLoader(int maxConcurrentRequests = 4, ICandleStore? store = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentRequests, 1);
        _gate = new SemaphoreSlim(maxConcurrentRequests, maxConcurrentRequests);
        _store = store;
    }

    /// <summary>The closed bars of <paramref name="request"/>'s range, ascending; waits for a free slot first.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IntervalMismatchException">
    /// The store's or the source's bars are of another interval than <see cref="HistoryRequest.Interval"/> (e.g. a
    /// 5-minute file replayed into a 1-minute stream); the message names the symbol and the store or source.
    /// </exception>
    /// <remarks>
    /// Failures of the store or the source propagate; the caller decides to warm up without history (a transient
    /// failure) or to stop the source (<see cref="IntervalMismatchException"/>: the same data would fail again).
    /// </remarks>
    public async Task<IReadOnlyList<Candle>> LoadAsync(HistoryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var bars = new List<Candle>();
            DateTime from = request.From;
            if (_store is not null)
            {
                await foreach (var candle in _store.ReadRangeAsync(request.Symbol, request.Interval, request.From, request.To, cancellationToken).ConfigureAwait(false))
                {
                    bars.Add(candle);
                }

                IntervalDetector.EnsureMatches(request.Interval, bars, $"the candle store's {request.Symbol} history", Consumer(request));
                if (bars.Count > 0)
                {
                    from = bars[^1].Timestamp + request.Interval.Duration;
                }
            }

            if (from < request.To)
            {
                var fetched = await request.Source.GetHistoryAsync(request.Symbol, request.Interval, from, request.To, cancellationToken).ConfigureAwait(false);
                IntervalDetector.EnsureMatches(request.Interval, fetched.OrderBy(c => c.Timestamp), $"source '{request.Source.Name}' {request.Symbol} history", Consumer(request));
                bars.AddRange(fetched);
            }

            return bars;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Consumer(HistoryRequest request) => $"the {request.Symbol} stream";

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
