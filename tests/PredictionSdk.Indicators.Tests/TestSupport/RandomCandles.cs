namespace PredictionSdk.Indicators.Tests;

/// <summary>Reproducible random-walk candles for property tests: consistent OHLC, positive prices, 1-minute bars.</summary>
internal static class RandomCandles
{
    public static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <param name="seed">Random seed.</param>
    /// <param name="count">Number of bars.</param>
    /// <param name="flatChance">Probability that a bar repeats the previous close exactly (exercises ties and zero ranges).</param>
    public static Candle[] Walk(int seed, int count, double flatChance = 0.1)
    {
        var random = new Random(seed);
        var candles = new Candle[count];
        double price = 50 + (random.NextDouble() * 1000);
        for (int i = 0; i < count; i++)
        {
            double open = price;
            double close = random.NextDouble() < flatChance ? open : open * Math.Exp((random.NextDouble() - 0.5) * 0.02);
            double high = Math.Max(open, close) * (1 + (random.NextDouble() * 0.005));
            double low = Math.Min(open, close) * (1 - (random.NextDouble() * 0.005));
            double volume = random.NextDouble() < 0.05 ? 0 : Math.Round(random.NextDouble() * 10_000, 3);
            candles[i] = new Candle(Start.AddMinutes(i), open, high, low, close, volume);
            price = close;
        }

        return candles;
    }

    /// <summary>A candle for the same bar with a different close, as a live feed would update the open bar.</summary>
    public static Candle Revise(in Candle candle, double factor)
    {
        double close = candle.Close * factor;
        return candle with { Close = close, High = Math.Max(candle.High, close), Low = Math.Min(candle.Low, close) };
    }
}
