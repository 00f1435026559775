using System.Globalization;
using System.Runtime.CompilerServices;
using PredictionSdk.Data.Csv;
using PredictionSdk.External;

namespace PredictionSdk.Data.External;

/// <summary>
/// Reads an external series from a CSV or CSV.gz file: a header with a <c>timestamp</c> column and a value column
/// (named by the caller, else <c>value</c>, else the second column); timestamps in ISO 8601 UTC or Unix seconds or
/// milliseconds. Rows may come in any order; a malformed row is an <see cref="ExternalSeriesException"/> naming the file,
/// line and field (nothing is returned from a file with a bad row), and so is a line longer than 64 KiB.
/// </summary>
public static class ExternalSeriesFile
{
    // As for candle files: memory stays bounded whatever the input (a file without newlines fails at line 1).
    private const int MaxLineLength = CandleCsvReader.DefaultMaxLineLength;

    /// <summary>Reads every observation of <paramref name="path"/>, sorted by time.</summary>
    /// <param name="path">The file.</param>
    /// <param name="valueColumn">Name of the value column; null for <c>value</c> or, failing that, the second column.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ExternalSeriesException">The file is empty, lacks a column, or holds a malformed row.</exception>
    public static async Task<IReadOnlyList<ExternalObservation>> ReadAllAsync(string path, string? valueColumn = null, CancellationToken cancellationToken = default)
    {
        var rows = new List<ExternalObservation>();
        await foreach (var observation in ReadAsync(path, valueColumn, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(observation);
        }

        rows.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return rows;
    }

    /// <summary>Loads <paramref name="path"/> into the series <paramref name="name"/> of <paramref name="store"/> (the shared store when null), replacing it.</summary>
    public static async Task<ExternalSeries> LoadAsync(string path, string name, ExternalSeriesStore? store = null, string? valueColumn = null, CancellationToken cancellationToken = default)
    {
        var observations = await ReadAllAsync(path, valueColumn, cancellationToken).ConfigureAwait(false);
        var series = new ExternalSeries(name, Math.Max(2, observations.Count + 1));
        series.AppendRange(observations);
        (store ?? ExternalSeriesStore.Shared).Set(series);
        return series;
    }

    /// <summary>Reads the observations of <paramref name="path"/> in file order.</summary>
    public static async IAsyncEnumerable<ExternalObservation> ReadAsync(string path, string? valueColumn = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string name = Path.GetFileName(path);
        Stream raw;
        try
        {
            raw = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ExternalSeriesException(name, $"cannot open {path}: {ex.Message}", ex);
        }

        var stream = CsvSource.Open(raw, () => File.OpenRead(path), leaveOpen: false);
        await using var streamScope = stream.ConfigureAwait(false);
        using var text = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        var reader = new BoundedLineReader(text, path, MaxLineLength);
        string? header = await ReadLineAsync(reader, name, cancellationToken).ConfigureAwait(false)
            ?? throw new ExternalSeriesException(name, $"{path} is empty; expected a header with 'timestamp' and a value column.");
        var columns = header.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
        int timeIndex = Array.FindIndex(columns, c => c.Equals("timestamp", StringComparison.OrdinalIgnoreCase) || c.Equals("time", StringComparison.OrdinalIgnoreCase));
        int valueIndex = valueColumn is not null
            ? Array.FindIndex(columns, c => c.Equals(valueColumn, StringComparison.OrdinalIgnoreCase))
            : Array.FindIndex(columns, c => c.Equals("value", StringComparison.OrdinalIgnoreCase)) is int v && v >= 0 ? v : (columns.Length > 1 ? 1 : -1);
        if (timeIndex < 0 || valueIndex < 0 || valueIndex == timeIndex)
        {
            throw new ExternalSeriesException(name, $"{path} line 1: the header needs a 'timestamp' column and {(valueColumn is null ? "a value column" : $"a '{valueColumn}' column")}; found '{header}'.");
        }

        string? row;
        while ((row = await ReadLineAsync(reader, name, cancellationToken).ConfigureAwait(false)) is not null)
        {
            long line = reader.LineNumber;
            if (row.Length == 0)
            {
                continue;
            }

            var fields = row.Split(',');
            if (fields.Length <= Math.Max(timeIndex, valueIndex))
            {
                throw new ExternalSeriesException(name, $"{path} line {line}: expected {columns.Length} fields, found {fields.Length}.");
            }

            if (!TryParseTime(fields[timeIndex].Trim(), out var time))
            {
                throw new ExternalSeriesException(name, $"{path} line {line}, field '{columns[timeIndex]}': '{fields[timeIndex]}' is not an ISO 8601 UTC time or a Unix time.");
            }

            if (!double.TryParse(fields[valueIndex].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                throw new ExternalSeriesException(name, $"{path} line {line}, field '{columns[valueIndex]}': '{fields[valueIndex]}' is not a finite number.");
            }

            yield return new ExternalObservation(time, value);
        }
    }

    /// <summary>Parses ISO 8601 (assumed UTC when it has no offset) or Unix seconds / milliseconds.</summary>
    public static bool TryParseTime(string text, out DateTime utc)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long unix))
        {
            // Below 10^11 the number can only be seconds (10^11 s is the year 5138); above, milliseconds.
            try
            {
                utc = unix < 100_000_000_000 ? DateTime.UnixEpoch.AddSeconds(unix) : DateTime.UnixEpoch.AddMilliseconds(unix);
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                utc = default;
                return false;
            }
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            utc = parsed.UtcDateTime;
            return true;
        }

        utc = default;
        return false;
    }

    private static async Task<string?> ReadLineAsync(BoundedLineReader reader, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new ExternalSeriesException(name, ex.Message, ex);
        }
    }
}
