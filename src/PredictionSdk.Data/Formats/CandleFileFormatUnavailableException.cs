namespace PredictionSdk.Data;

/// <summary>
/// A candle file is in a format whose package is not referenced or not registered (e.g. a <c>.parquet</c> path
/// without <c>PredictionSdk.Data.Parquet</c>). The message says which package to add and the one call that registers it.
/// </summary>
public class CandleFileFormatUnavailableException : PredictionSdkException
{
    /// <summary>Creates the error.</summary>
    public CandleFileFormatUnavailableException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public CandleFileFormatUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public CandleFileFormatUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for <paramref name="path"/>, in <paramref name="format"/>, provided by <paramref name="packageId"/>.</summary>
    public CandleFileFormatUnavailableException(string path, CandleFileFormat format, string? packageId)
        : base(Describe(path, format, packageId))
    {
        Path = path;
        Format = format;
        PackageId = packageId;
    }

    /// <summary>The file that was to be read or written.</summary>
    public string? Path { get; }

    /// <summary>Its format, from the extension.</summary>
    public CandleFileFormat? Format { get; }

    /// <summary>The package that reads and writes the format.</summary>
    public string? PackageId { get; }

    private static string Describe(string path, CandleFileFormat format, string? packageId) => packageId is null
        ? $"{path}: no handler is registered for {format} files; register one with CandleFileFormats.Register."
        : $"{path}: {format} files need the {packageId} package; add it and call {RegistrationCall(format)} once at start.";

    private static string RegistrationCall(CandleFileFormat format) => format switch
    {
        CandleFileFormat.Parquet => "CandleParquetFile.Register()",
        _ => "CandleFileFormats.Register(handler)",
    };
}
