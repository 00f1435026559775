// A predict-only consumer: Core + Indicators + Models, no data package, no libtorch. Also published trimmed by
// tests/PredictionSdk.Models.Tests/Trimming/TrimmedPublishTests.cs.
// Usage: PredictOnly BUNDLE.psdk BARS.csv.gz (header CSV: timestamp,open,high,low,close,volume)
using System.Globalization;
using System.IO.Compression;
using PredictionSdk;
using PredictionSdk.Indicators;
using PredictionSdk.Models;

var bars = new List<Candle>();
using (var reader = new StreamReader(new GZipStream(File.OpenRead(args[1]), CompressionMode.Decompress)))
{
    _ = reader.ReadLine();
    while (reader.ReadLine() is { } line)
    {
        var f = line.Split(',');
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        bars.Add(new Candle(DateTime.Parse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), D(1), D(2), D(3), D(4), D(5)));
    }
}

// The bundle says symbol, interval and model type; read here from a stream, as from a blob or an HTTP response.
await using var bundle = File.OpenRead(args[0]);
using var predictor = await StockCryptoPredictor.LoadAsync(bundle, source: args[0]);
predictor.Observe(bars.Take(2000));
Prediction p = predictor.PredictNextBar();
var rsi = bars.Take(2000).GetRsi(14)[^1];
Console.WriteLine(FormattableString.Invariant($"predicted {p.PredictedPrice:F2} ({p.Direction}, confidence {p.Confidence:F3}) from {bars.Count} bars; rsi14 {rsi}"));
