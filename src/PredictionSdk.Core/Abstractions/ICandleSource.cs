namespace PredictionSdk;

/// <summary>A source of candles: an exchange feed, a file replay, a store.</summary>
public interface ICandleSource
{
    /// <summary>Short name of the source, used in logs, metrics and <see cref="CandleUpdate.Source"/>.</summary>
    string Name { get; }

    /// <summary>Streams updates for <paramref name="symbols"/> until cancelled (or, for a finite replay, until the data ends).</summary>
    IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, CancellationToken cancellationToken = default);

    /// <summary>Closed bars with open time in [<paramref name="from"/>, <paramref name="to"/>), ascending; used for warm-up and gap backfill.</summary>
    Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default);
}
