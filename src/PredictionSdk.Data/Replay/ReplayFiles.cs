using System.Globalization;
using System.IO.Compression;

namespace PredictionSdk.Data.Replay;

/// <summary>Reads the candle CSV / CSV.gz files a replay names (header <c>timestamp,open,high,low,close,volume</c>).</summary>
internal static class ReplayFiles
{
    public static async Task<IReadOnlyList<Candle>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new MarketDataException("file not found", path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        string? header = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw new CandleFormatException("the file is empty", path, 1);
        string[] names = header.Split(',').Select(n => n.Trim().ToLowerInvariant()).ToArray();
        int[] columns = new[] { "timestamp", "open", "high", "low", "close", "volume" }.Select(n => Array.IndexOf(names, n)).ToArray();
        if (columns.Any(c => c < 0))
        {
            throw new CandleFormatException("the header must name timestamp, open, high, low, close and volume", path, 1, null, header);
        }

        var candles = new List<Candle>();
        long line = 1;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            string[] fields = text.Split(',');
            if (fields.Length < names.Length)
            {
                throw new CandleFormatException($"expected {names.Length} fields, found {fields.Length}", path, line, null, text);
            }

            string ts = fields[columns[0]];
            if (!DateTime.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            {
                throw new CandleFormatException("unreadable timestamp", path, line, "timestamp", ts);
            }

            candles.Add(new Candle(time, Field(1), Field(2), Field(3), Field(4), Field(5)));

            double Field(int i) => double.TryParse(fields[columns[i]], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                ? v
                : throw new CandleFormatException("unreadable number", path, line, names[columns[i]], fields[columns[i]]);
        }

        return candles;
    }
}
