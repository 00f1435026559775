using System.Collections.Concurrent;

namespace PredictionSdk.Data;

/// <summary>
/// The candle file formats <see cref="CandleFile"/> can read and write beyond its built-in CSV and CSV.gz.
/// A format package registers itself once at start, e.g. <c>CandleParquetFile.Register()</c> from
/// <c>PredictionSdk.Data.Parquet</c>; without it, a path of that format fails with
/// <see cref="CandleFileFormatUnavailableException"/> naming the package to add.
/// </summary>
public static class CandleFileFormats
{
    private static readonly ConcurrentDictionary<CandleFileFormat, ICandleFileFormatHandler> Handlers = new();

    /// <summary>
    /// Makes <see cref="CandleFile"/> use <paramref name="handler"/> for its format, replacing any handler registered
    /// before. Thread-safe; registering the same handler again changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The format is CSV or CSV.gz, which are built in.</exception>
    public static void Register(ICandleFileFormatHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (handler.Format is CandleFileFormat.Csv or CandleFileFormat.CsvGzip)
        {
            throw new ArgumentException($"{handler.Format} is built into CandleFile and cannot be replaced.", nameof(handler));
        }

        Handlers[handler.Format] = handler;
    }

    /// <summary>True when <paramref name="format"/> can be read and written: it is built in or a handler is registered.</summary>
    public static bool IsAvailable(CandleFileFormat format) =>
        format is CandleFileFormat.Csv or CandleFileFormat.CsvGzip || Handlers.ContainsKey(format);

    /// <summary>The NuGet package that provides <paramref name="format"/>, or null when it is built in.</summary>
    public static string? PackageFor(CandleFileFormat format) => format switch
    {
        CandleFileFormat.Parquet => "PredictionSdk.Data.Parquet",
        _ => null,
    };

    /// <summary>The handler of <paramref name="format"/> for <paramref name="path"/>.</summary>
    /// <exception cref="CandleFileFormatUnavailableException">No handler is registered for the format.</exception>
    internal static ICandleFileFormatHandler Resolve(CandleFileFormat format, string path) =>
        Handlers.TryGetValue(format, out var handler) ? handler : throw new CandleFileFormatUnavailableException(path, format, PackageFor(format));
}
