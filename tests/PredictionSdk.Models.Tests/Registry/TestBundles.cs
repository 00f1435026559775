using System.Text.Json;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Models.Tests.Registry;

/// <summary>Distinct copies of the committed test bundle (different manifests, so different hashes).</summary>
internal static class TestBundles
{
    /// <summary>Records holding lists compare by reference; compare what they hold.</summary>
    public static void AssertSame<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    public static string Source => Path.Combine(AppContext.BaseDirectory, "TestData", "tiny-hybrid.psdk");

    /// <summary>Writes variant <paramref name="n"/> of the test bundle into <paramref name="folder"/>.</summary>
    public static string Variant(string folder, int n, string symbol = "BTC-USD", double accuracy = 0.5)
    {
        var bundle = ModelBundle.Load(Source);
        var manifest = bundle.Manifest with
        {
            Symbol = symbol,
            CreatedUtc = new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(n),
            Training = bundle.Manifest.Training with { End = bundle.Manifest.Training.End.AddDays(n) },
            Metrics = new Dictionary<string, double> { ["h1.directionalAccuracy"] = accuracy, ["h1.logLoss"] = 0.69 - (n * 0.001) },
        };
        string path = Path.Combine(folder, $"bundle-{symbol}-{n}.psdk");
        bundle.WithManifest(manifest).Save(path);
        return path;
    }
}
