using System.Diagnostics;
using System.Text.Json;
using PredictionSdk.Models.Registry;

namespace PredictionSdk.Models.Tests.Registry;

public sealed class RegistryDurabilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-registry-").FullName;

    private string RegistryFolder => Path.Combine(_dir, "registry");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_writer_that_dies_before_replacing_the_index_leaves_the_previous_one_whole()
    {
        var registry = ModelRegistry.Open(RegistryFolder);
        var v1 = registry.Register(TestBundles.Variant(_dir, 1));
        string before = File.ReadAllText(Path.Combine(RegistryFolder, "index.json"));

        // The new index is fully written to its temporary file, then the writer "dies" before the move.
        // (The seam is process-wide: only this test's folder is affected.)
        RegistryStore.BeforeReplace = temp => _ = temp.StartsWith(RegistryFolder, StringComparison.Ordinal) ? throw new IOException("killed") : 0;
        try
        {
            Assert.Throws<IOException>(() => registry.Promote(v1.Id));
        }
        finally
        {
            RegistryStore.BeforeReplace = null;
        }

        Assert.Equal(before, File.ReadAllText(Path.Combine(RegistryFolder, "index.json")));
        Assert.Empty(ModelRegistry.Open(RegistryFolder).Champions);

        // A kill leaves its temporary file behind (the catch above deleted ours): the index ignores it, the next writer removes it.
        File.WriteAllText(Path.Combine(RegistryFolder, "index.json.0123.tmp"), "{ \"versions\": [ { \"id\": \"half");
        Assert.Equal([v1.Id], ModelRegistry.Open(RegistryFolder).Versions.Select(v => v.Id));
        registry.Promote(v1.Id);
        Assert.Empty(Directory.EnumerateFiles(RegistryFolder, "*.tmp"));
        Assert.Equal(2, ModelRegistry.Open(RegistryFolder).Champions.Count);
    }

    [Fact]
    public void A_bundle_staged_by_a_registration_that_died_is_removed_a_day_later()
    {
        var registry = ModelRegistry.Open(RegistryFolder);
        string staging = Path.Combine(RegistryFolder, "versions");
        Directory.CreateDirectory(staging);
        string old = Path.Combine(staging, ".incoming-dead.psdk"), recent = Path.Combine(staging, ".incoming-busy.psdk");
        File.WriteAllText(old, "partial");
        File.WriteAllText(recent, "being copied");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-2));

        registry.Register(TestBundles.Variant(_dir, 1));
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent)); // another registration may still be copying it
    }

    [Fact]
    public async Task Concurrent_writers_lose_no_change_and_readers_never_see_a_partial_index()
    {
        var seed = ModelRegistry.Open(RegistryFolder);
        var v1 = seed.Register(TestBundles.Variant(_dir, 1));
        var t = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        const int writers = 4, appends = 25;
        using var stop = new CancellationTokenSource();
        int reads = 0;
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Factory.StartNew(
            () =>
            {
                string index = Path.Combine(RegistryFolder, "index.json");
                while (!stop.IsCancellationRequested)
                {
                    // Straight from disk, as another process would: every read parses.
                    using var document = JsonDocument.Parse(File.ReadAllBytes(index));
                    Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("versions").ValueKind);
                    Interlocked.Increment(ref reads);
                    reading.TrySetResult();
                }
            },
            TaskCreationOptions.LongRunning);
        await reading.Task;

        // Separate instances, as separate processes would use.
        Parallel.For(0, writers, w =>
        {
            var registry = ModelRegistry.Open(RegistryFolder);
            for (int i = 0; i < appends; i++)
            {
                registry.AppendLiveMetrics(v1.Id, new LiveMetrics { FromUtc = t, ToUtc = t, Horizon = 1, Samples = (w * 1_000) + i });
            }
        });
        stop.Cancel();
        await reader;

        var all = ModelRegistry.Open(RegistryFolder).Get(v1.Id).LiveMetrics.Select(m => m.Samples).Order().ToArray();
        long[] expected = [.. Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, appends).Select(i => (long)((w * 1_000) + i))).Order()];
        Assert.Equal(expected, all);
        Assert.True(reads > 0);
    }

    [Fact]
    public void A_held_lock_makes_a_writer_fail_after_its_timeout_naming_the_lock()
    {
        var registry = new ModelRegistry(new ModelRegistryOptions { Folder = RegistryFolder, LockTimeout = TimeSpan.FromMilliseconds(200) });
        Directory.CreateDirectory(RegistryFolder);
        using (new FileStream(Path.Combine(RegistryFolder, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var ex = Assert.Throws<ModelRegistryException>(() => registry.Register(TestBundles.Variant(_dir, 1)));
            Assert.Contains(".lock", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal("btc-usd-v1", registry.Register(TestBundles.Variant(_dir, 1)).Id);
    }

    // Another process holds the writers' lock (util-linux flock takes the same flock(2) lock .NET uses for
    // FileShare.None) and is killed: the registry waits while it lives and writes as soon as it is dead.
    [Fact]
    public void A_writer_in_another_process_blocks_writes_until_it_is_killed()
    {
        Directory.CreateDirectory(RegistryFolder);
        string lockFile = Path.Combine(RegistryFolder, ".lock");
        using var holder = Process.Start(new ProcessStartInfo("flock", [lockFile, "sleep", "60"]) { UseShellExecute = false })!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!IsLocked(lockFile))
            {
                Assert.True(DateTime.UtcNow < deadline, "flock did not take the lock");
                Thread.Sleep(20);
            }

            var registry = new ModelRegistry(new ModelRegistryOptions { Folder = RegistryFolder, LockTimeout = TimeSpan.FromMilliseconds(300) });
            Assert.Throws<ModelRegistryException>(() => registry.Register(TestBundles.Variant(_dir, 1)));
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
            Assert.Equal("btc-usd-v1", registry.Register(TestBundles.Variant(_dir, 1)).Id);
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill(entireProcessTree: true);
            }
        }
    }

    private static bool IsLocked(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
