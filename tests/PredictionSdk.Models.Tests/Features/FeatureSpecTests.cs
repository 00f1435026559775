using System.IO.Compression;
using System.Text.Json.Nodes;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Features;

public class FeatureSpecTests
{
    private static string BundlePath => Path.Combine(AppContext.BaseDirectory, "TestData", "tiny-hybrid.psdk");

    [Fact]
    public void Json_uses_camel_case_names_and_asset_classes_and_reads_them_back()
    {
        var spec = FeatureSpec.Default(AssetClass.Stock) with { Features = ["ret_1", "rsi_14"] };
        string json = spec.ToJson();
        var node = JsonNode.Parse(json)!;
        Assert.Equal(FeatureSpec.CurrentVersion, node["version"]!.GetValue<int>());
        Assert.Equal("stock", node["assetClass"]!.GetValue<string>());
        Assert.Equal("1m", node["baseInterval"]!.GetValue<string>());
        Assert.Null(node["maxHorizon"]);
        Assert.Equal(spec, FeatureSpec.FromJson(json));
        Assert.Equal(AssetClass.Stock, FeatureSpec.FromJson(json.Replace("\"stock\"", "\"Stock\"", StringComparison.Ordinal)).AssetClass);
    }

    [Fact]
    public void A_spec_of_the_previous_version_is_refused_naming_both_versions()
    {
        // Version 1 computed its indicators itself; its features differ from today's, so it must not load silently.
        string json = FeatureSpec.Default().ToJson().Replace($"\"version\": {FeatureSpec.CurrentVersion}", "\"version\": 1", StringComparison.Ordinal);
        var error = Assert.Throws<FeatureSpecVersionException>(() => FeatureSpec.FromJson(json));
        Assert.Equal(1, error.Version);
        Assert.Contains("version 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"version {FeatureSpec.CurrentVersion}", error.Message, StringComparison.Ordinal);

        // The version is read before the rest, so a changed shape is still reported as a version problem.
        Assert.Equal(1, Assert.Throws<FeatureSpecVersionException>(() => FeatureSpec.FromJson("{\"version\": 1, \"horizons\": \"1,5\"}")).Version);
        Assert.Contains("malformed", Assert.Throws<ArgumentException>(() => FeatureSpec.FromJson("{\"version\": ")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_trained_on_version_1_features_fails_to_load_with_a_typed_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"psdk-v1-{Guid.NewGuid():N}.psdk");
        try
        {
            File.Copy(BundlePath, path);
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
            {
                var entry = zip.GetEntry(ModelBundle.ManifestEntry)!;
                JsonNode manifest;
                using (var reader = entry.Open())
                {
                    manifest = JsonNode.Parse(reader)!;
                }

                manifest["featureSpec"]!["version"] = 1;
                entry.Delete();
                using var writer = new StreamWriter(zip.CreateEntry(ModelBundle.ManifestEntry).Open());
                writer.Write(manifest.ToJsonString());
            }

            var error = Assert.Throws<ModelLoadException>(() => ModelBundle.Load(path));
            Assert.Equal(1, Assert.IsType<FeatureSpecVersionException>(error.InnerException).Version);
            Assert.Contains("feature spec version 1", error.Message, StringComparison.Ordinal);
            Assert.Contains("retrain", error.Message, StringComparison.Ordinal);
            Assert.Equal(path, error.Path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
