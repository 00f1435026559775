using System.Runtime.CompilerServices;

namespace PredictionSdk.Cli;

/// <summary>
/// A candle store fed bar by bar, as a live stream persists what it receives: bars are written in batches of an hour,
/// and every read writes what is buffered first, so a reader always sees every bar appended before it.
/// </summary>
internal sealed class PersistingStore(ICandleStore inner, Symbol symbol, Interval interval) : ICandleStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Candle> _buffer = new(60);

    public async Task AppendAsync(Candle candle, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _buffer.Add(candle);
            if (_buffer.Count >= 60)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<Candle> ReadRangeAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        await foreach (var candle in inner.ReadRangeAsync(symbol, interval, from, to, cancellationToken).ConfigureAwait(false))
        {
            yield return candle;
        }
    }

    public Task<long> UpsertAsync(Symbol symbol, Interval interval, IAsyncEnumerable<Candle> candles, CancellationToken cancellationToken = default) => inner.UpsertAsync(symbol, interval, candles, cancellationToken);

    public Task<long> UpsertAsync(Symbol symbol, Interval interval, IEnumerable<Candle> candles, CancellationToken cancellationToken = default) => inner.UpsertAsync(symbol, interval, candles, cancellationToken);

    public Task<IReadOnlyList<Candle>> GetLatestAsync(Symbol symbol, Interval interval, int count, CancellationToken cancellationToken = default) => inner.GetLatestAsync(symbol, interval, count, cancellationToken);

    public Task<IReadOnlyList<CandleSeriesInfo>> ListSeriesAsync(CancellationToken cancellationToken = default) => inner.ListSeriesAsync(cancellationToken);

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count > 0)
        {
            await inner.UpsertAsync(symbol, interval, _buffer, cancellationToken).ConfigureAwait(false);
            _buffer.Clear();
        }
    }
}
