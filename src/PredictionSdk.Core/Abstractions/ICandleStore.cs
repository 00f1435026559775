namespace PredictionSdk;

/// <summary>
/// Durable candle storage keyed by (symbol, interval, timestamp). Upserts are idempotent:
/// writing the same candle twice leaves the store as after the first write.
/// </summary>
public interface ICandleStore
{
    /// <summary>Inserts or replaces candles in batched transactions; returns how many rows were written.</summary>
    Task<long> UpsertAsync(Symbol symbol, Interval interval, IAsyncEnumerable<Candle> candles, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces candles in one or more batched transactions; returns how many rows were written.</summary>
    Task<long> UpsertAsync(Symbol symbol, Interval interval, IEnumerable<Candle> candles, CancellationToken cancellationToken = default);

    /// <summary>Candles with open time in [<paramref name="from"/>, <paramref name="to"/>), ascending.</summary>
    IAsyncEnumerable<Candle> ReadRangeAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default);

    /// <summary>The latest <paramref name="count"/> candles, ascending.</summary>
    Task<IReadOnlyList<Candle>> GetLatestAsync(Symbol symbol, Interval interval, int count, CancellationToken cancellationToken = default);

    /// <summary>Every (symbol, interval) pair the store holds, with its row count and time range.</summary>
    Task<IReadOnlyList<CandleSeriesInfo>> ListSeriesAsync(CancellationToken cancellationToken = default);
}

/// <summary>What a store holds for one symbol and interval.</summary>
/// <param name="Symbol">Instrument.</param>
/// <param name="Interval">Bar length.</param>
/// <param name="Count">Number of candles.</param>
/// <param name="First">Open time of the first candle.</param>
/// <param name="Last">Open time of the last candle.</param>
public sealed record CandleSeriesInfo(Symbol Symbol, Interval Interval, long Count, DateTime First, DateTime Last);
