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
    public async Task Saved_bundle_reloads_with_the_same_forecasts_and_manifest()
    {
        string path = Path.Combine(_folder, "m.psdk");
        await _model.Trainer.SaveModelAsync(path);

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
    public async Task A_bundle_saved_to_a_stream_loads_back_from_any_stream_with_the_same_manifest()
    {
        using var blob = new MemoryStream();
        await _model.Trainer.SaveModelAsync(blob);
        Assert.True(blob.Length > 0);
        Assert.True(blob.CanWrite, "the destination stream is left open");

        // A seekable stream (an embedded resource, a buffered blob) loads synchronously from its start.
        blob.Position = 0;
        var fromBlob = ModelBundle.Load(blob, "blob 42");
        Assert.Equal("BTC-USD", fromBlob.Manifest.Symbol);
        Assert.Equal(_model.Trainer.Data.Scaler, fromBlob.Scaler);

        // A forward-only stream, as an HTTP response body, is read asynchronously.
        using var network = new ForwardOnlyStream(blob.ToArray());
        var fromNetwork = await ModelBundle.LoadAsync(network, "https://models.example/btc.psdk");
        Assert.Equal(fromBlob.Manifest.CreatedUtc, fromNetwork.Manifest.CreatedUtc);
        Assert.Equal(fromBlob.Manifest.FeatureNames, fromNetwork.Manifest.FeatureNames);
        Assert.Equal(fromBlob.Manifest.Metrics, fromNetwork.Manifest.Metrics);
        Assert.Equal(fromBlob.EntryNames.Order(), fromNetwork.EntryNames.Order());
        Assert.Equal(fromBlob.GetEntry(ModelBundle.OnnxEntry), fromNetwork.GetEntry(ModelBundle.OnnxEntry));

        // Errors name the source the caller gave.
        using var broken = new ForwardOnlyStream(blob.ToArray()[..(int)(blob.Length / 2)]);
        var error = await Assert.ThrowsAsync<ModelLoadException>(() => ModelBundle.LoadAsync(broken, "blob 43"));
        Assert.Equal("blob 43", error.Path);
        using var socket = new ForwardOnlyStream([1, 2, 3]);
        Assert.Throws<ArgumentException>(() => ModelBundle.Load(socket, "socket"));
    }

    [Fact]
    public async Task Cancelled_save_leaves_no_partial_file_and_keeps_the_old_one()
    {
        string path = Path.Combine(_folder, "keep.psdk");
        File.WriteAllText(path, "previous");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _model.Trainer.SaveModelAsync(path, cts.Token));
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["keep.psdk"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Bad_bundles_raise_ModelLoadException_saying_what_is_wrong()
    {
        string good = Path.Combine(_folder, "good.psdk");
        await _model.Trainer.SaveModelAsync(good);
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

    // Like a network stream: readable once, front to back, with no length and no seeking.
    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }

    public sealed class TrainedModel : IAsyncLifetime
    {
        public ModelTrainer Trainer { get; } = new(TestData.SmallOptions());

        public async Task InitializeAsync()
        {
            Trainer.PrepareData(TestData.BtcMinutes(900));
            Trainer.ConfigureModel(TestData.TinyHybrid());
            await Trainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 64 });
        }

        public Task DisposeAsync()
        {
            Trainer.Dispose();
            return Task.CompletedTask;
        }
    }
}
