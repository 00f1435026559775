using System.Buffers;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using PredictionSdk.Data.Csv;
using PredictionSdk.IO;

namespace PredictionSdk.Data;

/// <summary>Candle file layouts, chosen from the file name by <see cref="CandleFile.DetectFormat(string)"/>.</summary>
public enum CandleFileFormat
{
    /// <summary>Plain CSV (<c>.csv</c>, or any name not matched below).</summary>
    Csv,

    /// <summary>Gzip-compressed CSV (<c>.csv.gz</c>, <c>.gz</c>).</summary>
    CsvGzip,

    /// <summary>Apache Parquet (<c>.parquet</c>).</summary>
    Parquet,
}

/// <summary>A candle with the 1-based line (CSV) or row (Parquet) it was read from.</summary>
/// <param name="Candle">The parsed candle.</param>
/// <param name="LineNumber">1-based line in a CSV file (header counted) or row in a Parquet file.</param>
public readonly record struct CandleRow(Candle Candle, long LineNumber);

/// <summary>
/// Reads and writes candle files; the format follows from the extension (<c>.csv</c>, <c>.csv.gz</c>, <c>.parquet</c>).
/// CSV may be the header layout <c>timestamp,open,high,low,close,volume</c> (ISO-8601 or Unix epoch times) or Binance's
/// headerless 12-column kline export. Rows are returned in file order; use <see cref="Validation.CandleValidator"/> to check them.
/// </summary>
/// <remarks>
/// Reading fails with <see cref="CandleFormatException"/> — naming the file and line — on a malformed row, a line
/// longer than <see cref="CandleCsvReader.DefaultMaxLineLength"/>, and gzip data that is corrupted or ends before its
/// trailer. Writing is atomic (<see cref="AtomicFile"/>): the destination is the old file or the complete new one.
/// </remarks>
public static class CandleFile
{
    private const int BatchSize = 4096;

    /// <summary>The format <paramref name="path"/> is read and written in, from its extension.</summary>
    public static CandleFileFormat DetectFormat(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pq", StringComparison.OrdinalIgnoreCase))
        {
            return CandleFileFormat.Parquet;
        }

        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? CandleFileFormat.CsvGzip : CandleFileFormat.Csv;
    }

    /// <summary>Streams the candles of a file.</summary>
    /// <exception cref="CandleFormatException">A row cannot be parsed; the message names the file, line, field and value.</exception>
    public static async IAsyncEnumerable<Candle> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in ReadRowsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            yield return row.Candle;
        }
    }

    /// <summary>Streams the candles of a file with the line (or Parquet row) each came from.</summary>
    /// <exception cref="CandleFormatException">A row cannot be parsed; the message names the file, line, field and value.</exception>
    public static async IAsyncEnumerable<CandleRow> ReadRowsAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (DetectFormat(path) == CandleFileFormat.Parquet)
        {
            long row = 0;
            await foreach (var candle in CandleFileFormats.Resolve(CandleFileFormat.Parquet, path).ReadAsync(path, cancellationToken).ConfigureAwait(false))
            {
                yield return new CandleRow(candle, ++row);
            }

            yield break;
        }

        var reader = CandleCsvReader.Open(path);
        await using (reader.ConfigureAwait(false))
        {
            Candle[] candles = ArrayPool<Candle>.Shared.Rent(BatchSize);
            long[] lines = ArrayPool<long>.Shared.Rent(BatchSize);
            try
            {
                int count;
                while ((count = await reader.ReadBatchAsync(candles.AsMemory(0, BatchSize), lines.AsMemory(0, BatchSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    for (int i = 0; i < count; i++)
                    {
                        yield return new CandleRow(candles[i], lines[i]);
                    }
                }
            }
            finally
            {
                ArrayPool<Candle>.Shared.Return(candles);
                ArrayPool<long>.Shared.Return(lines);
            }
        }
    }

    /// <summary>Reads a whole file into memory.</summary>
    /// <exception cref="CandleFormatException">A row cannot be parsed; the message names the file, line, field and value.</exception>
    public static async Task<IReadOnlyList<Candle>> ReadAllAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var result = new List<Candle>();
        if (DetectFormat(path) == CandleFileFormat.Parquet)
        {
            await foreach (var candle in CandleFileFormats.Resolve(CandleFileFormat.Parquet, path).ReadAsync(path, cancellationToken).ConfigureAwait(false))
            {
                result.Add(candle);
            }

            return result;
        }

        var reader = CandleCsvReader.Open(path);
        await using (reader.ConfigureAwait(false))
        {
            var batch = new Candle[BatchSize];
            int count;
            while ((count = await reader.ReadBatchAsync(batch, default, cancellationToken).ConfigureAwait(false)) > 0)
            {
                result.AddRange(batch.AsSpan(0, count));
            }
        }

        return result;
    }

    /// <summary>
    /// Reads a whole file without keeping it — every row parsed, gzip checked to its trailer — and returns the number
    /// of candles. Lets a caller refuse a damaged file before acting on any of it (as <c>psdk data import</c> does).
    /// </summary>
    /// <exception cref="CandleFormatException">The file cannot be read completely; the message names the file and line.</exception>
    public static async Task<long> CheckAsync(string path, CancellationToken cancellationToken = default)
    {
        long rows = 0;
        await foreach (var _ in ReadRowsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// Writes candles to <paramref name="path"/> in the format of its extension and returns the number of rows. The write
    /// is atomic: until it completes, <paramref name="path"/> keeps its old content (or stays absent), so it may also be
    /// the file <paramref name="candles"/> are read from.
    /// </summary>
    public static async Task<long> WriteAsync(string path, IAsyncEnumerable<Candle> candles, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(candles);
        var format = DetectFormat(path);
        if (format == CandleFileFormat.Parquet)
        {
            return await CandleFileFormats.Resolve(CandleFileFormat.Parquet, path).WriteAsync(path, candles, cancellationToken).ConfigureAwait(false);
        }

        return await AtomicFile.WriteAsync(path, async (file, ct) =>
        {
            Stream stream = format == CandleFileFormat.CsvGzip ? new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true) : file;
            var writer = new CandleCsvWriter(stream, leaveOpen: format != CandleFileFormat.CsvGzip);
            await using (writer.ConfigureAwait(false))
            {
                await foreach (var candle in candles.WithCancellation(ct).ConfigureAwait(false))
                {
                    await writer.WriteAsync(candle, ct).ConfigureAwait(false);
                }

                return writer.RowCount;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes candles to <paramref name="path"/> atomically in the format of its extension; returns the number of rows.</summary>
    public static Task<long> WriteAsync(string path, IEnumerable<Candle> candles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candles);
        return WriteAsync(path, candles.ToAsyncEnumerable(), cancellationToken);
    }
}
