using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using PredictionSdk.Data;
using PredictionSdk.Indicators;
using PredictionSdk.IO;

namespace PredictionSdk.Cli;

/// <summary><c>psdk indicators --input FILE --output FILE</c>: every standard indicator for every bar of a candle file.</summary>
/// <remarks>Exit codes (<see cref="ExitCodes"/>): 0 success; 2 unusable input (malformed row, unsorted or duplicate timestamps); 4 a file that cannot be read or written.</remarks>
internal static class IndicatorsCommand
{
    /// <summary>Lagging-span displacement of the standard Ichimoku (its kijun period).</summary>
    private const int ChikouOffset = 26;

    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "Candle file, oldest first (.csv, .csv.gz, .parquet).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "CSV to write (.csv or .csv.gz): timestamp and one column per indicator value, empty during warm-up.", Required = true };
        var command = new Command("indicators", "Computes the standard indicator columns (sma20 … stddev20) for every bar of a candle file.")
        {
            input, output,
        };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(parse, async (stdout, _) =>
        {
            string inPath = CommandInput.File(parse.GetValue(input)!);
            string outPath = parse.GetValue(output)!;
            IReadOnlyList<Candle> candles = await CandleFile.ReadAllAsync(inPath, ct).ConfigureAwait(false);
            string[] columns;
            double[] values;
            try
            {
                (columns, values) = Compute(candles);
            }
            catch (CandleOrderException ex)
            {
                // The indicators see the order problem; name the file it came from.
                throw new CommandException(ExitCodes.BadInput, $"{inPath}: {ex.Message}", ex);
            }

            await WriteAsync(outPath, candles, columns, values, ct).ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {candles.Count} rows × {columns.Length} indicator columns to {outPath}")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Runs the standard <see cref="IndicatorSet"/> over the bars; row-major values, NaN = empty.</summary>
    internal static (string[] Columns, double[] Values) Compute(IReadOnlyList<Candle> candles)
    {
        IndicatorSet set = IndicatorSet.CreateDefault();
        string[] columns = [.. set.ColumnNames];
        int width = columns.Length;
        var values = new double[candles.Count * width];
        for (int i = 0; i < candles.Count; i++)
        {
            set.Add(candles[i]).CopyTo(values.AsSpan(i * width, width));
        }

        // As plotted, the lagging span on row i is the close of row i + 26: known only once that bar exists.
        int chikou = Array.IndexOf(columns, "ichi_chikou");
        if (chikou >= 0)
        {
            for (int i = 0; i < candles.Count; i++)
            {
                values[(i * width) + chikou] = i + ChikouOffset < candles.Count ? candles[i + ChikouOffset].Close : double.NaN;
            }
        }

        return (columns, values);
    }

    // Atomic: until the last row is written the output path keeps its old content (or stays absent).
    private static Task WriteAsync(string path, IReadOnlyList<Candle> candles, string[] columns, double[] values, CancellationToken ct) =>
        AtomicFile.WriteAsync(path, (file, token) => WriteRowsAsync(file, path, candles, columns, values, token), ct);

    private static async Task WriteRowsAsync(Stream file, string path, IReadOnlyList<Candle> candles, string[] columns, double[] values, CancellationToken ct)
    {
        await using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionLevel.Optimal)
            : file;
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        writer.NewLine = "\n";
        await writer.WriteLineAsync("timestamp," + string.Join(',', columns)).ConfigureAwait(false);
        var line = new StringBuilder(512);
        int width = columns.Length;
        for (int i = 0; i < candles.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            line.Clear();
            line.Append(candles[i].Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            for (int k = 0; k < width; k++)
            {
                line.Append(',');
                double v = values[(i * width) + k];
                if (!double.IsNaN(v))
                {
                    line.Append(v.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            await writer.WriteLineAsync(line, ct).ConfigureAwait(false);
        }
    }
}
