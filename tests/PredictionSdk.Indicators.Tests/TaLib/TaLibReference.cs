using System.Globalization;
using System.IO.Compression;

namespace PredictionSdk.Indicators.Tests;

/// <summary>
/// TA-Lib outputs on the first bars of the bundled BTCUSDT minute data, written by tests/reference/generate.sh
/// (npm talib 2.0.5, TA-Lib C built from source), and the same bars as candles.
/// </summary>
internal static class TaLibReference
{
    private static readonly Lazy<(Candle[] Candles, Dictionary<string, double?[]> Columns)> Data = new(Load);

    public static Candle[] Candles => Data.Value.Candles;

    /// <summary>A TA-Lib output column aligned with <see cref="Candles"/>; null where TA-Lib has no value.</summary>
    public static double?[] Column(string name) =>
        Data.Value.Columns.TryGetValue(name, out double?[]? column) ? column : throw new ArgumentException($"No TA-Lib column '{name}'.", nameof(name));

    /// <summary>
    /// Asserts agreement from row <paramref name="from"/> on where both sides have a value: |a − e| ≤ tol·max(|e|, |a|, 1).
    /// Rows where exactly one side has a value must be listed by <paramref name="allowMissing"/>.
    /// Returns the number of rows compared.
    /// </summary>
    public static int AssertAgrees(string what, double?[] expected, IReadOnlyList<double?> actual, int from, double tolerance, Func<int, bool>? allowMissing = null)
    {
        Assert.Equal(expected.Length, actual.Count);
        int compared = 0;
        for (int i = from; i < expected.Length; i++)
        {
            double? e = expected[i];
            double? a = actual[i];
            if (e is null || a is null)
            {
                Assert.True(e is null == a is null || (allowMissing?.Invoke(i) ?? false), $"{what}: row {i} has TA-Lib {Show(e)} but ours {Show(a)}");
                continue;
            }

            double scale = Math.Max(1, Math.Max(Math.Abs(e.Value), Math.Abs(a.Value)));
            Assert.True(Math.Abs(a.Value - e.Value) <= tolerance * scale, $"{what}: row {i} TA-Lib {Show(e)}, ours {Show(a)} (tolerance {tolerance:G} relative)");
            compared++;
        }

        Assert.True(compared > expected.Length / 2, $"{what}: only {compared} rows compared");
        return compared;
    }

    private static string Show(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "none";

    private static (Candle[] Candles, Dictionary<string, double?[]> Columns) Load()
    {
        string[] reference = ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "TaLib", "btcusdt-1m-talib.csv.gz"));
        string[] header = reference[0].Split(',');
        string[][] rows = reference.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        var columns = new Dictionary<string, double?[]>(StringComparer.Ordinal);
        for (int c = 1; c < header.Length; c++)
        {
            columns[header[c]] = rows.Select(r => r[c].Length == 0 ? (double?)null : double.Parse(r[c], CultureInfo.InvariantCulture)).ToArray();
        }

        string[] bars = ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "BTCUSDT-1m-2024-01.csv.gz"));
        Candle[] candles = bars.Skip(1).Take(rows.Length).Select(ParseCandle).ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(DateTime.Parse(rows[i][0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), candles[i].Timestamp);
        }

        return (candles, columns);
    }

    private static Candle ParseCandle(string line)
    {
        string[] f = line.Split(',');
        return new Candle(
            DateTime.Parse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
            D(f[1]),
            D(f[2]),
            D(f[3]),
            D(f[4]),
            D(f[5]));
    }

    private static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string[] ReadLines(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }
}
