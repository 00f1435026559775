using System.Text;

namespace PredictionSdk.Data.Tests;

internal static class TestData
{
    public static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string Bundled(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public static string Btc => Bundled("BTCUSDT-1m-2024-01.csv.gz");

    public static string Eth => Bundled("ETHUSDT-1m-2024-01.csv.gz");

    public static string Qqq => Bundled("QQQ-1m-2025-05.csv.gz");

    /// <summary>A deterministic, consistent 1-minute series starting at <see cref="Start"/>.</summary>
    public static List<Candle> Minutes(int count, DateTime? start = null, double basePrice = 100)
    {
        var result = new List<Candle>(count);
        double price = basePrice;
        for (int i = 0; i < count; i++)
        {
            double open = price;
            double close = open + (((i * 37) % 11) - 5) * 0.25;
            double high = Math.Max(open, close) + ((i % 3) * 0.5);
            double low = Math.Min(open, close) - ((i % 4) * 0.25);
            result.Add(new Candle((start ?? Start).AddMinutes(i), open, high, low, close, 10 + (i % 7)));
            price = close;
        }

        return result;
    }

    /// <summary>A temporary file deleted on dispose.</summary>
    public sealed class TempFile : IDisposable
    {
        public TempFile(string extension, string? content = null)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "psdk-" + Guid.NewGuid().ToString("N") + extension);
            if (content is not null)
            {
                File.WriteAllText(Path, content, new UTF8Encoding(false));
            }
        }

        public string Path { get; }

        public void Dispose()
        {
            foreach (string p in new[] { Path, Path + "-wal", Path + "-shm" })
            {
                try
                {
                    File.Delete(p);
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
