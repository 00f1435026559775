using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Models.Tests.Bundles;

/// <summary>
/// Random damage to the bundled model — truncations, bit flips, inserted and deleted bytes — must end in a
/// <see cref="ModelLoadException"/> or in exactly the original bundle: never another exception, a hang or unbounded memory.
/// </summary>
public sealed class BundleFuzzTests : IDisposable
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);
    private static readonly byte[] Original = File.ReadAllBytes(BundleZip.TinyBundle);
    private static readonly ModelBundle Expected = ModelBundle.Load(BundleZip.TinyBundle);

    private static readonly Gen<(int Kind, int At, int Size, byte Value)> Edit =
        from kind in Gen.Choose(0, 3)
        from at in Gen.Choose(0, Original.Length)
        from size in Gen.Choose(1, 64)
        from value in Gen.Choose(0, 255)
        select (kind, at, size, (byte)value);

    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-bundle-fuzz-").FullName;
    private int _case;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Property(MaxTest = 300)]
    public Property Damaged_bundle_gives_a_typed_error_or_the_original_bundle() =>
        Prop.ForAll((from count in Gen.Choose(1, 3) from edits in Edit.ArrayOf(count) select edits).ToArbitrary(), edits =>
        {
            string path = Path.Combine(_dir, $"{Interlocked.Increment(ref _case)}.psdk");
            File.WriteAllBytes(path, Apply(edits));
            var task = Task.Run(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                ModelBundle? bundle = null;
                try
                {
                    bundle = ModelBundle.Load(path);
                }
                catch (ModelLoadException)
                {
                    // The typed error: the expected outcome for most damage.
                }

                return (Bundle: bundle, Allocated: GC.GetAllocatedBytesForCurrentThread() - before);
            });
            Assert.True(task.Wait(CaseTimeout), "loading did not finish within the time bound");
            var (loaded, allocated) = task.Result;
            string described = string.Join("; ", edits.Select(e => $"{"cut flip insert delete".Split(' ')[e.Kind]} at {e.At} size {e.Size} value {e.Value}"));
            Assert.True(allocated < 8 * 1024 * 1024, $"{allocated:N0} bytes allocated for {described}");
            if (loaded is not null)
            {
                Assert.Equal(JsonSerializer.Serialize(Expected.Manifest), JsonSerializer.Serialize(loaded.Manifest));
                Assert.Equal(Expected.EntryNames.Order(), loaded.EntryNames.Order());
                foreach (string name in Expected.EntryNames)
                {
                    Assert.Equal(Expected.GetEntry(name), loaded.GetEntry(name));
                }
            }

            File.Delete(path);
        });

    private static byte[] Apply((int Kind, int At, int Size, byte Value)[] edits)
    {
        var bytes = new List<byte>(Original);
        foreach (var (kind, position, size, value) in edits)
        {
            int at = Math.Min(position, bytes.Count);
            switch (kind)
            {
                case 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 1 when at < bytes.Count:
                    bytes[at] ^= (byte)(1 << (value % 8));
                    break;
                case 2:
                    bytes.InsertRange(at, Enumerable.Repeat(value, size));
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(size, bytes.Count - at));
                    break;
            }
        }

        return [.. bytes];
    }
}
