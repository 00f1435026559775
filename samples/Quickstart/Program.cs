using System.Globalization;
using System.IO.Compression;
using PredictionSdk;

// Loads the bundled BTC minute bars and prints a summary.
string path = Path.Combine(AppContext.BaseDirectory, "data", "BTCUSDT-1m-2024-01.csv.gz");
using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
_ = await reader.ReadLineAsync();
var candles = new List<Candle>();
while (await reader.ReadLineAsync() is { } line)
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

Console.WriteLine($"BTC-USD: {candles.Count} one-minute bars, {candles[0].Timestamp:u} to {candles[^1].Timestamp:u}");
