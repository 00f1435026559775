using PredictionSdk.Data;

namespace PredictionSdk.Models.Tests;

/// <summary>Bundled candles and synthetic series for tests.</summary>
internal static class TestData
{
    private static readonly Dictionary<string, Candle[]> Cache = [];

    public static IReadOnlyList<Candle> Load(string name, int count)
    {
        Candle[] all;
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out all!))
            {
                all = Read(Path.Combine(AppContext.BaseDirectory, "data", name + ".csv.gz"));
                Cache[name] = all;
            }
        }

        return all.AsSpan(0, Math.Min(count, all.Length)).ToArray();
    }

    public static IReadOnlyList<Candle> Btc(int count) => Load("BTCUSDT-1m-2024-01", count);

    public static IReadOnlyList<Candle> Qqq(int count) => Load("QQQ-1m-2025-05", count);

    /// <summary>A seeded random walk of consistent 1-minute candles.</summary>
    public static Candle[] RandomWalk(int count, int seed, DateTime? start = null, double volatility = 0.001)
    {
        var random = new Random(seed);
        var t = start ?? new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        double close = 100;
        var candles = new Candle[count];
        for (int i = 0; i < count; i++)
        {
            double open = close;
            close = open * Math.Exp(volatility * Normal(random));
            double high = Math.Max(open, close) * (1 + (volatility * random.NextDouble()));
            double low = Math.Min(open, close) * (1 - (volatility * random.NextDouble()));
            double volume = random.Next(0, 4) == 0 ? 0 : 10 * random.NextDouble();
            candles[i] = new Candle(t.AddMinutes(i), open, high, low, close, volume);
        }

        return candles;
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static Candle[] Read(string path) => [.. CandleFile.ReadAllAsync(path).GetAwaiter().GetResult()];
}
