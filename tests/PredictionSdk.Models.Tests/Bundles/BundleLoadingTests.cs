using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Models.Tests.Bundles;

/// <summary>Loading reads only what the manifest lists, within a size limit, and checks each entry's CRC-32.</summary>
public sealed class BundleLoadingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-bundle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_unlisted_100_MB_entry_is_never_inflated()
    {
        string path = Path.Combine(_dir, "bomb.psdk");
        BundleZip.Repack(BundleZip.TinyBundle, path, extra: zip => BundleZip.AddZeros(zip, "zeros.bin", 100));
        var original = ModelBundle.Load(BundleZip.TinyBundle);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var bundle = ModelBundle.Load(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated:N0} bytes allocated");
        Assert.Equal(original.EntryNames.Order(), bundle.EntryNames.Order());
        Assert.Null(bundle.GetEntry("zeros.bin"));
        Assert.Equal(original.GetEntry(ModelBundle.OnnxEntry), bundle.GetEntry(ModelBundle.OnnxEntry));
    }

    [Fact]
    public void A_listed_entry_over_the_default_limit_is_refused_before_it_is_read()
    {
        string path = Path.Combine(_dir, "listed-bomb.psdk");
        BundleZip.Repack(BundleZip.TinyBundle, path, manifest: m => m["entries"]!["zeros.bin"] = "data", extra: zip => BundleZip.AddZeros(zip, "zeros.bin", 300));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ModelLoadException>(() => ModelBundle.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("'zeros.bin' declares 314,572,800 bytes, more than the limit of 268,435,456", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Path);
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void The_limit_can_be_set_per_load()
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelBundle.Load(BundleZip.TinyBundle, maxEntryBytes: 10_000));
        var match = System.Text.RegularExpressions.Regex.Match(error.Message, "'(?<entry>[^']+)' declares (?<bytes>[0-9,]+) bytes, more than the limit of 10,000");
        Assert.True(match.Success, error.Message);
        using var zip = System.IO.Compression.ZipFile.OpenRead(BundleZip.TinyBundle);
        long declared = zip.GetEntry(match.Groups["entry"].Value)!.Length;
        Assert.True(declared > 10_000);
        Assert.Equal(FormattableString.Invariant($"{declared:N0}"), match.Groups["bytes"].Value);
    }

    [Fact]
    public void A_damaged_entry_is_caught_by_its_crc()
    {
        // Stored without compression, a flipped byte inflates without complaint: only the CRC-32 tells.
        string stored = Path.Combine(_dir, "stored.psdk");
        BundleZip.Repack(BundleZip.TinyBundle, stored, level: CompressionLevel.NoCompression);
        Assert.NotNull(ModelBundle.Load(stored));
        byte[] bytes = File.ReadAllBytes(stored);
        int at = IndexOf(bytes, ModelBundle.Load(stored).GetEntry(ModelBundle.OnnxEntry)!.AsSpan(4_000, 64));
        bytes[at + 10] ^= 0x55;
        string damaged = Path.Combine(_dir, "damaged.psdk");
        File.WriteAllBytes(damaged, bytes);

        var error = Assert.Throws<ModelLoadException>(() => ModelBundle.Load(damaged));

        Assert.Contains("'model.onnx' does not match its CRC-32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_holding_other_than_its_declared_size_is_refused()
    {
        byte[] bytes = File.ReadAllBytes(BundleZip.TinyBundle);
        int record = BundleZip.CentralRecord(bytes, ModelBundle.CalibrationEntry);
        uint declared = BitConverter.ToUInt32(bytes, record + 24);
        BitConverter.GetBytes(declared - 100).CopyTo(bytes, record + 24);
        string path = Path.Combine(_dir, "size.psdk");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelLoadException>(() => ModelBundle.Load(path));

        Assert.Contains("'calibration.json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_archive_holding_a_name_twice_is_refused()
    {
        string path = Path.Combine(_dir, "twice.psdk");
        BundleZip.Repack(BundleZip.TinyBundle, path, extra: zip =>
        {
            using var stream = zip.CreateEntry(ModelBundle.OnnxEntry).Open();
            stream.Write(new byte[10]);
        });

        var error = Assert.Throws<ModelLoadException>(() => ModelBundle.Load(path));

        Assert.Contains("holds 'model.onnx' twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_load_is_one_activity_naming_the_file()
    {
        string path = Path.Combine(_dir, "traced.psdk");
        File.Copy(BundleZip.TinyBundle, path);
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ModelBundle.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (seen)
                {
                    seen.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        ModelBundle.Load(path);

        var mine = seen.Where(a => Equals(a.GetTagItem("psdk.bundle.path"), path)).ToList();
        Assert.Equal("bundle.load", Assert.Single(mine).OperationName);
        Assert.Equal(3, mine[0].GetTagItem("psdk.bundle.entries"));
    }

    [Fact]
    public void The_manifest_lists_every_entry_it_needs()
    {
        string path = Path.Combine(_dir, "nolist.psdk");
        BundleZip.Repack(BundleZip.TinyBundle, path, manifest: m => ((JsonObject)m["entries"]!).Remove(ModelBundle.OnnxEntry));

        // An entry the manifest does not list is not read, so the model has no graph to serve.
        Assert.Null(ModelBundle.Load(path).GetEntry(ModelBundle.OnnxEntry));
        Assert.Throws<ModelLoadException>(() => LoadedModel.Load(path).Dispose());
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle)
    {
        int at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "entry bytes not found stored in the archive");
        return at;
    }
}
