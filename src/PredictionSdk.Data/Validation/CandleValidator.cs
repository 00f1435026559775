using PredictionSdk.Validation;

namespace PredictionSdk.Data.Validation;

/// <summary>Candles after validation, with the report of what was found and done.</summary>
/// <param name="Candles">Under reject: the input unchanged. Under skip/repair: the cleaned series, ascending and without duplicates.</param>
/// <param name="Report">Counts, every affected row, gaps and outliers.</param>
public sealed record ValidationResult(IReadOnlyList<Candle> Candles, DataQualityReport Report);

/// <summary>
/// Checks a candle file or series by the SDK's one rule set (<see cref="CandleChecker"/>: finite positive prices,
/// volume, OHLC bounds, alignment, duplicates — the first accepted row wins —, order, price jumps and outliers),
/// applies a <see cref="ValidationPolicy"/>, and adds what only a whole series shows: gaps, session-aware for
/// stocks. Every skipped or repaired row is listed in the <see cref="DataQualityReport"/>.
/// </summary>
public sealed class CandleValidator
{
    /// <summary>Source name used when candles in memory are validated without one.</summary>
    public const string InMemorySource = "in-memory candles";

    private readonly CandleValidationOptions _options;

    /// <summary>Creates a validator; the options are checked now.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CandleValidator(CandleValidationOptions? options = null)
    {
        _options = options ?? new CandleValidationOptions();
        _options.Validate();
    }

    /// <summary>Validates a candle file (CSV, CSV.gz or Parquet); issues carry the rows' numbers and file lines.</summary>
    /// <exception cref="CandleFormatException">A row cannot be parsed at all.</exception>
    public async Task<ValidationResult> ValidateFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var rows = new List<CandleRow>();
        await foreach (var row in CandleFile.ReadRowsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return Validate(rows, _options.SourceName ?? path);
    }

    /// <summary>Validates candles in memory; issues carry 1-based row numbers, as for a file.</summary>
    /// <param name="candles">The candles in input order.</param>
    /// <param name="sourceName">Name for the report; default <see cref="CandleValidationOptions.SourceName"/>, else <see cref="InMemorySource"/>.</param>
    public ValidationResult Validate(IEnumerable<Candle> candles, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(candles);
        var list = candles as IReadOnlyList<Candle> ?? candles.ToList();
        return Validate(list, lines: null, sourceName ?? _options.SourceName ?? InMemorySource);
    }

    /// <summary>Validates rows read with <see cref="CandleFile.ReadRowsAsync(string, CancellationToken)"/>.</summary>
    public ValidationResult Validate(IReadOnlyList<CandleRow> rows, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var candles = new Candle[rows.Count];
        var lines = new long[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            candles[i] = rows[i].Candle;
            lines[i] = rows[i].LineNumber;
        }

        return Validate(candles, lines, sourceName ?? _options.SourceName ?? InMemorySource);
    }

    private ValidationResult Validate(IReadOnlyList<Candle> candles, IReadOnlyList<long>? lines, string sourceName)
    {
        var options = _options;
        var result = CandleBatchCheck.Run(candles, options.ToCheckOptions(), options.Policy, lines, sourceName);
        var gaps = GapFinder.Find(result.CheckedSeries.Select(c => c.Timestamp), options, out int ignoredGaps, out int closedSessions);
        return new ValidationResult(result.Candles, new DataQualityReport(options, result, gaps, ignoredGaps, closedSessions));
    }
}
