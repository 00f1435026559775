namespace PredictionSdk.Benchmarks.Indicators;

/// <summary>Deterministic random-walk 1-minute candles with consistent OHLC, for indicator benchmarks.</summary>
internal static class IndicatorBenchmarkData
{
    public static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static Candle[] Walk(int count, int seed = 42)
    {
        var random = new Random(seed);
        var candles = new Candle[count];
        double price = 40_000;
        for (int i = 0; i < count; i++)
        {
            double open = price;
            double close = open * Math.Exp((random.NextDouble() - 0.5) * 0.004);
            double high = Math.Max(open, close) * (1 + (random.NextDouble() * 0.001));
            double low = Math.Min(open, close) * (1 - (random.NextDouble() * 0.001));
            candles[i] = new Candle(Start.AddMinutes(i), open, high, low, close, 1 + (random.NextDouble() * 100));
            price = close;
        }

        return candles;
    }
}
