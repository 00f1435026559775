using System.Runtime.CompilerServices;
using PredictionSdk;
using PredictionSdk.Streaming;

namespace TradingBot.Adaptive;

/// <summary>
/// The bot's candle store in adaptive mode: every closed bar the replay hands to the stream is kept here, as a live
/// stream persists what it receives, and retrains read their training window from it. Bars are written to SQLite in
/// batches of an hour per symbol; a read writes what is buffered first, so a retrain sees every bar received before it.
/// </summary>
public sealed class ReplayRecording(ICandleStore inner) : ICandleStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(Symbol Symbol, Interval Interval), List<Candle>> _buffers = [];

    /// <summary>Bars recorded so far.</summary>
    public long Recorded { get; private set; }

    /// <summary>Keeps a closed bar.</summary>
    public async Task AppendAsync(Symbol symbol, Interval interval, Candle candle, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_buffers.TryGetValue((symbol, interval), out var buffer))
            {
                buffer = new List<Candle>(60);
                _buffers.Add((symbol, interval), buffer);
            }

            buffer.Add(candle);
            Recorded++;
            if (buffer.Count >= 60)
            {
                await inner.UpsertAsync(symbol, interval, buffer, cancellationToken).ConfigureAwait(false);
                buffer.Clear();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Candle> ReadRangeAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var candle in inner.ReadRangeAsync(symbol, interval, from, to, cancellationToken).ConfigureAwait(false))
        {
            yield return candle;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Candle>> GetLatestAsync(Symbol symbol, Interval interval, int count, CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await inner.GetLatestAsync(symbol, interval, count, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<long> UpsertAsync(Symbol symbol, Interval interval, IAsyncEnumerable<Candle> candles, CancellationToken cancellationToken = default) => inner.UpsertAsync(symbol, interval, candles, cancellationToken);

    /// <inheritdoc />
    public Task<long> UpsertAsync(Symbol symbol, Interval interval, IEnumerable<Candle> candles, CancellationToken cancellationToken = default) => inner.UpsertAsync(symbol, interval, candles, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CandleSeriesInfo>> ListSeriesAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await inner.ListSeriesAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var ((symbol, interval), buffer) in _buffers)
            {
                if (buffer.Count > 0)
                {
                    await inner.UpsertAsync(symbol, interval, buffer, cancellationToken).ConfigureAwait(false);
                    buffer.Clear();
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>
/// Wraps the replay feed in adaptive mode: records every closed bar it hands to the stream, and holds the replay's
/// clock while a retrain runs, as <c>psdk simulate</c> does, so that a replay played as fast as possible still gives its
/// challengers bars to be judged on (live, bars keep arriving and the champion serves meanwhile).
/// </summary>
/// <remarks>
/// The loop is resolved when the replay starts, not when the source is built: the stream's options, which the loop's
/// construction reads, are validated against the registered sources.
/// </remarks>
public sealed class RecordingReplaySource(ICandleSource inner, ReplayRecording recording, Func<AdaptiveLearning> learning) : ICandleSource
{
    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public async IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var loop = learning();
        await foreach (var update in inner.StreamAsync(symbols, interval, cancellationToken).ConfigureAwait(false))
        {
            if (update.IsFinal)
            {
                await recording.AppendAsync(update.Symbol, update.Interval, update.Candle, cancellationToken).ConfigureAwait(false);
            }

            await loop.WhenRetrainsIdleAsync(cancellationToken).ConfigureAwait(false);
            yield return update;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
        inner.GetHistoryAsync(symbol, interval, from, to, cancellationToken);
}
