namespace PredictionSdk.Data;

/// <summary>
/// Reads and writes one <see cref="CandleFileFormat"/> for <see cref="CandleFile"/>. CSV is built in; formats with
/// dependencies of their own (Parquet) ship in their own package and plug in through <see cref="CandleFileFormats.Register"/>,
/// so an application that never reads them never carries their libraries.
/// </summary>
public interface ICandleFileFormatHandler
{
    /// <summary>The format handled.</summary>
    CandleFileFormat Format { get; }

    /// <summary>Streams the candles of <paramref name="path"/> in file order.</summary>
    /// <exception cref="CandleFormatException">A row cannot be used; the message names the file and row.</exception>
    IAsyncEnumerable<Candle> ReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="candles"/> to <paramref name="path"/> (replacing it); returns the number of rows.</summary>
    Task<long> WriteAsync(string path, IAsyncEnumerable<Candle> candles, CancellationToken cancellationToken = default);
}
