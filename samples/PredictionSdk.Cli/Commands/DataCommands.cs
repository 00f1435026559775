using System.CommandLine;
using System.Globalization;
using PredictionSdk.Data;
using PredictionSdk.Data.Resampling;
using PredictionSdk.Data.Storage.Sqlite;
using PredictionSdk.Data.Validation;
using PredictionSdk.Validation;

namespace PredictionSdk.Cli;

/// <summary><c>psdk data validate|resample|import|export</c>.</summary>
/// <remarks>Exit codes (<see cref="ExitCodes"/>): 0 success; 2 bad input — a malformed row, a bad argument, data rejected by the policy, an empty or header-only file; 4 a file or database that cannot be read or written.</remarks>
internal static class DataCommands
{
    // Rule violations listed by import before it refuses a file or after it drops rows.
    private const int ListedIssues = 10;

    public static Command Create()
    {
        var data = new Command("data", "Candle files and stores: validate, resample, import, export (CSV, CSV.gz, Parquet).");
        data.Subcommands.Add(Validate());
        data.Subcommands.Add(Resample());
        data.Subcommands.Add(Import());
        data.Subcommands.Add(Export());
        return data;
    }

    private static Command Validate()
    {
        var input = new Option<string>("--input", "-i") { Description = "Candle file (.csv, .csv.gz, .parquet).", Required = true };
        var policy = new Option<ValidationPolicy>("--policy") { Description = "reject: report only, fail on any problem; skip: drop bad rows; repair: fix what can be fixed.", DefaultValueFactory = _ => ValidationPolicy.Reject };
        var symbol = new Option<string?>("--symbol", "-s") { Description = "Instrument (BTC-USD, QQQ). Default: guessed from the file name; stocks get session-aware gaps." };
        var interval = new Option<string>("--interval") { Description = "Bar interval of the file.", DefaultValueFactory = _ => "1m" };
        var gaps = new Option<GapDetection>("--gaps") { Description = "auto (sessions for stocks), continuous or sessions.", DefaultValueFactory = _ => GapDetection.Auto };
        var ignoreLong = new Option<TimeSpan?>("--ignore-gaps-longer-than") { Description = "Do not list gaps longer than this (e.g. 12:00:00)." };
        var threshold = new Option<double>("--outlier-threshold") { Description = "Hampel threshold in robust standard deviations.", DefaultValueFactory = _ => 8 };
        var window = new Option<int>("--outlier-window") { Description = "Hampel half-window (returns on each side).", DefaultValueFactory = _ => 15 };
        var listed = new Option<int>("--max-listed") { Description = "Items listed per section of the report.", DefaultValueFactory = _ => 20 };
        var output = new Option<string?>("--output", "-o") { Description = "Write the validated (skipped/repaired) candles to this file." };
        var jump = MaxPriceJumpOption();
        var command = new Command("validate", "Checks a candle file and prints its quality report: prices (finite, positive), volume, OHLC consistency, duplicates (the first row wins), order, alignment, price jumps, gaps, outliers. Exit 2 when the data is rejected or has no rows.")
        {
            input, policy, symbol, interval, gaps, ignoreLong, threshold, window, jump, listed, output,
        };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(parse, async (stdout, stderr) =>
        {
            string path = CommandInput.File(parse.GetValue(input)!);
            var options = new CandleValidationOptions
            {
                Policy = parse.GetValue(policy),
                Interval = Interval.Parse(parse.GetValue(interval)!),
                Symbol = ResolveSymbol(parse.GetValue(symbol), path),
                GapDetection = parse.GetValue(gaps),
                IgnoreGapsLongerThan = parse.GetValue(ignoreLong),
                OutlierThreshold = parse.GetValue(threshold),
                OutlierHalfWindow = parse.GetValue(window),
                MaxPriceJump = MaxPriceJump(parse.GetValue(jump)),
                SourceName = path,
            };
            var result = await new CandleValidator(options).ValidateFileAsync(path, ct).ConfigureAwait(false);
            result.Report.WriteTo(stdout, parse.GetValue(listed));
            if (!result.Report.IsAcceptable)
            {
                string why = result.Report.TotalRows == 0 ? "0 rows (the file is empty or holds only a header)" : "data rejected (see the report)";
                await stderr.WriteLineAsync($"error: {path}: {why}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(output) is { } outPath)
            {
                long rows = await CandleFile.WriteAsync(outPath, result.Candles, ct).ConfigureAwait(false);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {rows} candles to {outPath}")).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Resample()
    {
        var input = new Option<string>("--input", "-i") { Description = "Candle file, ascending.", Required = true };
        var interval = new Option<string>("--interval") { Description = "Target interval: 3m, 5m, 15m, 30m, 1h, 4h, 1d.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output file (.csv, .csv.gz, .parquet).", Required = true };
        var source = new Option<string>("--source-interval") { Description = "Interval of the input.", DefaultValueFactory = _ => "1m" };
        var keepIncomplete = new Option<bool>("--include-incomplete") { Description = "Keep the last bar even when its period is not over." };
        var command = new Command("resample", "Aggregates candles to a longer interval on UTC boundaries (exact OHLCV).")
        {
            input, interval, output, source, keepIncomplete,
        };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(parse, async (stdout, _) =>
        {
            string inPath = CommandInput.File(parse.GetValue(input)!);
            var target = Interval.Parse(parse.GetValue(interval)!);
            var from = Interval.Parse(parse.GetValue(source)!);
            bool includeIncomplete = parse.GetValue(keepIncomplete);
            int dropped = 0;
            async IAsyncEnumerable<Candle> Bars()
            {
                await foreach (var bar in CandleResampler.ResampleAsync(CandleFile.ReadAsync(inPath, ct), target, from, ct).ConfigureAwait(false))
                {
                    if (bar.IsComplete || includeIncomplete)
                    {
                        yield return bar.Candle;
                    }
                    else
                    {
                        dropped++;
                    }
                }
            }

            string outPath = parse.GetValue(output)!;
            long written = await CandleFile.WriteAsync(outPath, Bars(), ct).ConfigureAwait(false);
            string note = dropped > 0 ? " (incomplete last bar left out; --include-incomplete keeps it)" : string.Empty;
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {written} {target} bars to {outPath}{note}")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Import()
    {
        var input = new Option<string>("--input", "-i") { Description = "Candle file to import.", Required = true };
        var db = new Option<string>("--db") { Description = "SQLite database file (created if missing).", Required = true };
        var symbol = new Option<string>("--symbol", "-s") { Description = "Instrument, e.g. BTC-USD.", Required = true };
        var interval = new Option<string>("--interval") { Description = "Bar interval of the file.", DefaultValueFactory = _ => "1m" };
        var policy = new Option<ValidationPolicy>("--policy") { Description = "reject: import nothing if a row breaks a rule; skip: import the good rows; repair: fix what can be fixed, import the rest. Later rows repeating an open time are dropped under every policy (the first row wins).", DefaultValueFactory = _ => ValidationPolicy.Reject };
        var jump = MaxPriceJumpOption();
        var batch = new Option<int>("--batch-size") { Description = "Rows per transaction.", DefaultValueFactory = _ => 10_000 };
        var verbose = new Option<bool>("--progress") { Description = "Print a line after each committed batch." };
        var command = new Command("import", "Checks a candle file to its end by the validation rules, then upserts it into a SQLite store in batched transactions (a file that cannot be read imports nothing; re-importing changes nothing).")
        {
            input, db, symbol, interval, policy, jump, batch, verbose,
        };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(parse, async (stdout, stderr) =>
        {
            var sym = Symbol.Parse(parse.GetValue(symbol)!);
            var iv = Interval.Parse(parse.GetValue(interval)!);
            string path = CommandInput.File(parse.GetValue(input)!);
            var chosen = parse.GetValue(policy);

            // Duplicates are never a reason to refuse: the first row of an open time is kept, so importing the same
            // file again gives the same store. Every other rule follows the policy.
            var options = new CandleValidationOptions
            {
                Policy = chosen == ValidationPolicy.Reject ? ValidationPolicy.Skip : chosen,
                Interval = iv,
                Symbol = sym,
                MaxPriceJump = MaxPriceJump(parse.GetValue(jump)),
                DetectOutliers = false,
                SourceName = path,
            };
            var result = await new CandleValidator(options).ValidateFileAsync(path, ct).ConfigureAwait(false);
            var report = result.Report;
            var refused = report.Issues.Where(i => i.IsError && i.Rule != CandleRule.Duplicate).ToList();
            if (chosen == ValidationPolicy.Reject && refused.Count > 0)
            {
                await ListAsync(stderr, refused).ConfigureAwait(false);
                throw new CommandException(ExitCodes.BadInput, string.Create(CultureInfo.InvariantCulture,
                    $"{path}: nothing imported: {refused.Count} row(s) break a validation rule, the first {refused[0].Location}: {refused[0].Rule} {refused[0].Field}={refused[0].Value}: {refused[0].Detail} (--policy skip or repair imports the rest)"));
            }

            if (report.TotalRows == 0)
            {
                throw new CommandException(ExitCodes.BadInput, $"{path}: 0 rows (the file is empty or holds only a header); nothing imported");
            }

            string dbPath = parse.GetValue(db)!;
            long written = await CommandErrors.WithDatabaseAsync(dbPath, async () =>
            {
                using var store = new SqliteCandleStore(dbPath, new SqliteCandleStoreOptions { BatchSize = parse.GetValue(batch) });
                IProgress<CandleBatchCommitted>? progress = parse.GetValue(verbose) ? new LineProgress(stdout) : null;
                return await store.UpsertAsync(sym, iv, result.Candles.ToAsyncEnumerable(), progress, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);

            long rows = result.Candles.Count;
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Imported {rows} candles as {sym} {iv} into {dbPath}: {written} new or changed, {rows - written} already stored")).ConfigureAwait(false);
            var dropped = report.Issues.Where(i => i.Action == CandleIssueAction.Skipped).ToList();
            if (dropped.Count > 0 || report.RepairedRows > 0)
            {
                long duplicates = dropped.Count(i => i.Rule == CandleRule.Duplicate);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Left out {report.SkippedRows} of {report.TotalRows} rows ({duplicates} repeating an earlier open time: the first row is kept), repaired {report.RepairedRows}:")).ConfigureAwait(false);
                await ListAsync(stdout, report.Issues.Where(i => i.Action != CandleIssueAction.Reported).ToList()).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Export()
    {
        var db = new Option<string>("--db") { Description = "SQLite database file.", Required = true };
        var symbol = new Option<string>("--symbol", "-s") { Description = "Instrument, e.g. BTC-USD.", Required = true };
        var interval = new Option<string>("--interval") { Description = "Bar interval.", DefaultValueFactory = _ => "1m" };
        var from = new Option<string?>("--from") { Description = "First open time (ISO-8601, UTC unless an offset is given). Default: the beginning." };
        var to = new Option<string?>("--to") { Description = "End of the range, exclusive. Default: the end." };
        var output = new Option<string>("--output", "-o") { Description = "Output file (.csv, .csv.gz, .parquet).", Required = true };
        var command = new Command("export", "Writes candles of one symbol and interval from a SQLite store to a file.")
        {
            db, symbol, interval, from, to, output,
        };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(parse, async (stdout, _) =>
        {
            string dbPath = parse.GetValue(db)!;
            if (!File.Exists(dbPath))
            {
                throw new CommandException(ExitCodes.IoError, Directory.Exists(dbPath) ? $"--db {dbPath} is a folder, not a database file" : $"no database at {dbPath}");
            }

            var sym = Symbol.Parse(parse.GetValue(symbol)!);
            var iv = Interval.Parse(parse.GetValue(interval)!);
            DateTime start = ParseTime(parse.GetValue(from), DateTime.MinValue, "--from");
            DateTime end = ParseTime(parse.GetValue(to), DateTime.MaxValue, "--to");
            string outPath = parse.GetValue(output)!;
            long written = await CommandErrors.WithDatabaseAsync(dbPath, async () =>
            {
                using var store = new SqliteCandleStore(dbPath);

                // Some damage makes SQLite end a read early without an error; an export must not pass that off as complete.
                string integrity = await store.CheckIntegrityAsync(ct).ConfigureAwait(false);
                if (integrity != "ok")
                {
                    throw new CommandException(ExitCodes.IoError, $"database {dbPath} is damaged (integrity check: {FirstFinding(integrity)}); nothing exported");
                }

                return await CandleFile.WriteAsync(outPath, store.ReadRangeAsync(sym, iv, start, end, ct), ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Exported {written} {sym} {iv} candles to {outPath}")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Option<double> MaxPriceJumpOption() => new("--max-price-jump")
    {
        Description = "Largest move of high or low from the last close before a bar is a price jump (0.25 = 25 %; 0 turns the rule off). A jump is accepted once 3 bars in a row confirm the new level.",
        DefaultValueFactory = _ => 0.25,
    };

    // SQLite's report starts with a "*** in database main ***" heading; the finding is the line after it.
    private static string FirstFinding(string integrity)
    {
        string[] lines = integrity.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => !l.StartsWith("***", StringComparison.Ordinal)) ?? integrity;
    }

    private static double? MaxPriceJump(double value) => value == 0 ? null : value;

    private static async Task ListAsync(TextWriter writer, IReadOnlyList<CandleIssue> issues)
    {
        foreach (var issue in issues.Take(ListedIssues))
        {
            await writer.WriteLineAsync("  " + issue).ConfigureAwait(false);
        }

        if (issues.Count > ListedIssues)
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  … and {issues.Count - ListedIssues} more")).ConfigureAwait(false);
        }
    }

    // "BTCUSDT-1m-2024-01.csv.gz" → BTC-USDT; "QQQ-1m-2025-05.csv.gz" → QQQ.
    private static Symbol? ResolveSymbol(string? given, string path)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Symbol.Parse(given);
        }

        // Only an upper-case ticker-like prefix is taken as a symbol, so "prices.csv" is not read as a stock "PRICES".
        string name = Path.GetFileName(path);
        int end = name.IndexOfAny(['-', '_', '.', ' ']);
        string token = end > 0 ? name[..end] : name;
        bool tickerLike = token.Length is > 0 and <= 12 && token.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
        return tickerLike && Symbol.TryParse(token, out var guessed) ? guessed : (Symbol?)null;
    }

    private static DateTime ParseTime(string? text, DateTime fallback, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.UtcDateTime
            : throw new FormatException($"{option} '{text}' is not a date/time; use ISO-8601 such as 2024-01-02T00:00:00Z.");
    }

    private sealed class LineProgress(TextWriter writer) : IProgress<CandleBatchCommitted>
    {
        public void Report(CandleBatchCommitted value) =>
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed batch {value.BatchNumber}: {value.Rows} rows {value.First:yyyy-MM-ddTHH:mm:ssZ} – {value.Last:yyyy-MM-ddTHH:mm:ssZ} ({value.TotalRows} total)"));
    }
}
