using System.Globalization;
using System.IO.Compression;

namespace PredictionSdk.Benchmarks.Inference;

internal static class BenchmarkData
{
    public static IReadOnlyList<Candle> Btc()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "data", "BTCUSDT-1m-2024-01.csv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        _ = reader.ReadLine();
        var candles = new List<Candle>();
        while (reader.ReadLine() is { } line)
        {
            string[] f = line.Split(',');
            candles.Add(new Candle(
                DateTime.Parse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
                double.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture),
                double.Parse(f[4], CultureInfo.InvariantCulture),
                double.Parse(f[5], CultureInfo.InvariantCulture)));
        }

        return candles;
    }
}
