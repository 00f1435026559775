using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Models.Training.Tests.Bundles;

public sealed class BundleTests : IClassFixture<BundleTests.TrainedModel>, IDisposable
{
    private readonly TrainedModel _model;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "psdk-bundle-tests-" + Guid.NewGuid().ToString("N"));

    public BundleTests(TrainedModel model)
    {
        _model = model;
        Directory.CreateDirectory(_folder);
    }

    [Fact]
    public void Saved_bundle_reloads_with_the_same_forecasts_and_manifest()
    {
        string path = Path.Combine(_folder, "m.psdk");
        _model.Trainer.SaveModel(path);

        var bundle = ModelBundle.Load(path);
        var manifest = bundle.Manifest;
        Assert.Equal(ModelBundle.CurrentFormatVersion, manifest.FormatVersion);
        Assert.Equal("BTC-USD", manifest.Symbol);
        Assert.Equal("1m", manifest.Interval);
        Assert.Equal([1, 5], manifest.Horizons);
        Assert.Equal(ModelType.Hybrid, manifest.ModelType);
        Assert.Equal(7, manifest.Seed);
        Assert.Equal(_model.Trainer.Data.Scaler, bundle.Scaler);
        Assert.Equal(TestData.SmallSpec with { Horizons = [1, 5] }, bundle.FeatureSpec);
        Assert.Equal(_model.Trainer.Data.Fit.Count, manifest.Training.TrainSamples);
        Assert.Contains("TorchSharp", manifest.LibraryVersions.Keys);
        Assert.Contains(ModelBundle.WeightsEntry, manifest.Entries.Keys);

        using var reloaded = TorchBundle.LoadForecaster(path);
        var original = _model.Trainer.CreateForecaster();
        var holdout = _model.Trainer.Data.Holdout;
        var a = new HorizonForecast[2];
        var b = new HorizonForecast[2];
        for (int i = 0; i < holdout.Count; i += 25)
        {
            original.Forecast(holdout.Window(i), a);
            reloaded.Forecast(holdout.Window(i), b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Cancelled_save_leaves_no_partial_file_and_keeps_the_old_one()
    {
        string path = Path.Combine(_folder, "keep.psdk");
        File.WriteAllText(path, "previous");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => _model.Trainer.SaveModel(path, cts.Token));
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["keep.psdk"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Bad_bundles_raise_ModelLoadException_saying_what_is_wrong()
    {
        string good = Path.Combine(_folder, "good.psdk");
        _model.Trainer.SaveModel(good);
        byte[] bytes = File.ReadAllBytes(good);

        Assert.Contains("does not exist", Load(Path.Combine(_folder, "missing.psdk")).Message, StringComparison.Ordinal);
        Assert.Contains("not a valid .psdk", Write("text.psdk", Encoding.UTF8.GetBytes("hello")).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Write("half.psdk", bytes[..(bytes.Length / 2)]).Message, StringComparison.Ordinal);
        Assert.Contains("no manifest.json", Rewrite("nomanifest.psdk", bytes, (name, _) => name == "manifest.json" ? null : _).Message, StringComparison.Ordinal);
        Assert.Contains("format version 99", RewriteManifest("future.psdk", bytes, m => m["formatVersion"] = 99).Message, StringComparison.Ordinal);
        Assert.Contains("'extra.bin'", RewriteManifest("listed.psdk", bytes, m => m["entries"]!["extra.bin"] = "data").Message, StringComparison.Ordinal);
        Assert.Contains("window length", RewriteManifest("window.psdk", bytes, m => m["windowLength"] = 3).Message, StringComparison.Ordinal);
        Assert.Contains("malformed", Rewrite("json.psdk", bytes, (name, c) => name == "manifest.json" ? Encoding.UTF8.GetBytes("{\"formatVersion\": 1, ") : c).Message, StringComparison.Ordinal);

        string noWeights = Path.Combine(_folder, "noweights.psdk");
        File.WriteAllBytes(noWeights, Repack(bytes, (name, c) => name == ModelBundle.WeightsEntry ? null : c, m => ((JsonObject)m["entries"]!).Remove(ModelBundle.WeightsEntry)));
        var error = Assert.Throws<ModelLoadException>(() => TorchBundle.LoadForecaster(noWeights));
        Assert.Contains("weights.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains(noWeights, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ModelLoadException Load(string path) => Assert.Throws<ModelLoadException>(() => ModelBundle.Load(path));

    private ModelLoadException Write(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return Load(path);
    }

    private ModelLoadException Rewrite(string name, byte[] bundle, Func<string, byte[], byte[]?> change) => Write(name, Repack(bundle, change, null));

    private ModelLoadException RewriteManifest(string name, byte[] bundle, Action<JsonNode> change) => Write(name, Repack(bundle, (_, c) => c, change));

    private static byte[] Repack(byte[] bundle, Func<string, byte[], byte[]?> change, Action<JsonNode>? manifestChange)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var read = new MemoryStream();
                using (var s = entry.Open())
                {
                    s.CopyTo(read);
                }

                byte[] content = read.ToArray();
                if (manifestChange is not null && entry.FullName == "manifest.json")
                {
                    var node = JsonNode.Parse(content)!;
                    manifestChange(node);
                    content = Encoding.UTF8.GetBytes(node.ToJsonString());
                }

                byte[]? changed = change(entry.FullName, content);
                if (changed is not null)
                {
                    using var w = target.CreateEntry(entry.FullName).Open();
                    w.Write(changed);
                }
            }
        }

        return output.ToArray();
    }

    public sealed class TrainedModel : IAsyncLifetime
    {
        public ModelTrainer Trainer { get; } = new(TestData.SmallOptions());

        public async Task InitializeAsync()
        {
            await Trainer.PrepareDataAsync(TestData.BtcMinutes(900));
            Trainer.ConfigureModel(TestData.TinyHybrid());
            await Trainer.TrainAsync(epochs: 1, batchSize: 64);
        }

        public Task DisposeAsync()
        {
            Trainer.Dispose();
            return Task.CompletedTask;
        }
    }
}
