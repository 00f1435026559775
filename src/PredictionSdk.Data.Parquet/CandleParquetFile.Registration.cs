namespace PredictionSdk.Data.Parquet;

public static partial class CandleParquetFile
{
    /// <summary>
    /// Makes <see cref="CandleFile"/> read and write <c>.parquet</c> (and <c>.pq</c>) paths through this package.
    /// Call once at start; calling again changes nothing. Without it, such paths fail with
    /// <see cref="CandleFileFormatUnavailableException"/>.
    /// </summary>
    public static void Register() => CandleFileFormats.Register(Handler.Instance);

    private sealed class Handler : ICandleFileFormatHandler
    {
        public static readonly Handler Instance = new();

        public CandleFileFormat Format => CandleFileFormat.Parquet;

        public IAsyncEnumerable<Candle> ReadAsync(string path, CancellationToken cancellationToken = default) =>
            CandleParquetFile.ReadAsync(path, cancellationToken);

        public Task<long> WriteAsync(string path, IAsyncEnumerable<Candle> candles, CancellationToken cancellationToken = default) =>
            CandleParquetFile.WriteAsync(path, candles, cancellationToken: cancellationToken);
    }
}
