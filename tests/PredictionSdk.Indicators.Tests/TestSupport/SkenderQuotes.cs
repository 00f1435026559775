using System.Globalization;

namespace PredictionSdk.Indicators.Tests;

/// <summary>Loads the Stock.Indicators test quotes the way its own suite does (see TestData/README.md).</summary>
internal static class SkenderQuotes
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "TestData", relative);

    /// <summary>The standard 502 daily bars (2017-01-03 .. 2018-12-31).</summary>
    public static Candle[] Default() => Load("_common/data/default.csv", 502);

    /// <summary>1-minute bars; Stock.Indicators' VWAP expectations use the first 391.</summary>
    public static Candle[] Intraday(int take = 1564) => Load("_common/data/intraday.csv", 1564).Take(take).ToArray();

    /// <summary>Newest <paramref name="count"/> rows of a quote file, oldest first.</summary>
    public static Candle[] Load(string relative, int count)
    {
        var rows = new List<Candle>();
        foreach (string line in File.ReadLines(PathOf(relative)).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string[] f = line.Split(',');
            DateTime date = DateTime.Parse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            rows.Add(new Candle(date, D(f[1]), D(f[2]), D(f[3]), D(f[4]), D(f[5])));
        }

        return rows.OrderByDescending(c => c.Timestamp).Take(count).OrderBy(c => c.Timestamp).ToArray();
    }

    private static double D(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
