using System.IO.Compression;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictionSdk.Data.Csv;

namespace PredictionSdk.Data.Tests.Csv;

/// <summary>
/// Random damage to the bundled files — truncations, bit flips, inserted and deleted bytes — must end in a
/// <see cref="CandleFormatException"/> or, for gzip, in exactly the original rows: never another exception, a hang
/// or unbounded memory. Runs against the first 1,000 lines of each bundled file (recompressed) so each case takes
/// about a millisecond, plus cuts of the whole files.
/// </summary>
public sealed class CandleFileFuzzTests
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);
    private static readonly string[] Files = [TestData.Btc, TestData.Eth, TestData.Qqq];
    private static readonly Lazy<Sample[]> Samples = new(() => [.. Files.Select(Sample.Load)]);

    [Property(MaxTest = 400)]
    public Property Damaged_gzip_gives_a_typed_error_or_exactly_the_original_rows() =>
        Prop.ForAll(Damage.Arbitrary, damage =>
        {
            var sample = Samples.Value[damage.File % Samples.Value.Length];
            byte[] input = damage.ApplyTo(sample.Gzip);
            var outcome = Run(input);
            if (outcome.Rows is { } rows && input.Length > 0)
            {
                Assert.Equal(sample.Rows, rows);
            }

            Assert.True(outcome.Allocated < 4 * 1024 * 1024, $"{outcome.Allocated:N0} bytes allocated for {damage}");
        });

    [Property(MaxTest = 300)]
    public Property Damaged_plain_csv_gives_a_typed_error_or_rows_one_per_line_at_most() =>
        Prop.ForAll(Damage.Arbitrary, damage =>
        {
            var sample = Samples.Value[damage.File % Samples.Value.Length];
            byte[] input = damage.ApplyTo(sample.Plain);
            var outcome = Run(input);
            if (outcome.Rows is { } rows)
            {
                Assert.True(rows.Length <= input.Count(b => b == (byte)'\n') + 1, $"{rows.Length} rows from {damage}");
            }

            Assert.True(outcome.Allocated < 4 * 1024 * 1024, $"{outcome.Allocated:N0} bytes allocated for {damage}");
        });

    [Fact]
    public async Task Every_cut_of_the_whole_bundled_files_is_an_error()
    {
        var random = new Random(20240101);
        string dir = Directory.CreateTempSubdirectory("psdk-fuzz-").FullName;
        try
        {
            foreach (string file in Files)
            {
                byte[] whole = await File.ReadAllBytesAsync(file);
                for (int i = 0; i < 4; i++)
                {
                    string path = Path.Combine(dir, $"{i}-{Path.GetFileName(file)}");
                    await File.WriteAllBytesAsync(path, whole[..random.Next(2, whole.Length)]);
                    var error = await Assert.ThrowsAsync<CandleFormatException>(() => CandleFile.ReadAllAsync(path).WaitAsync(CaseTimeout));
                    Assert.Equal(path, error.Source);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Reads on one thread so that the allocation count is exact; a hang fails the case instead of the run.
    private static Outcome Run(byte[] input)
    {
        string path = Path.Combine(Path.GetTempPath(), $"psdk-fuzz-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, input);
        var task = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Candle[]? rows = null;
            try
            {
                using var reader = CandleCsvReader.Open(path);
                var all = new List<Candle>();
                var batch = new Candle[1024];
                int n;
                while ((n = reader.ReadBatch(batch)) > 0)
                {
                    all.AddRange(batch.AsSpan(0, n));
                }

                rows = [.. all];
            }
            catch (CandleFormatException)
            {
                // The typed error: the expected outcome for most damage.
            }

            return new Outcome(rows, GC.GetAllocatedBytesForCurrentThread() - before);
        });
        try
        {
            Assert.True(task.Wait(CaseTimeout), "the reader did not finish within the time bound");
            return task.Result;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record Outcome(Candle[]? Rows, long Allocated);

    private sealed record Sample(byte[] Plain, byte[] Gzip, Candle[] Rows)
    {
        public static Sample Load(string file)
        {
            using var source = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var lines = new StreamReader(source);
            string text = string.Join('\n', Enumerable.Range(0, 1_000).Select(_ => lines.ReadLine()).TakeWhile(l => l is not null)) + "\n";
            byte[] plain = System.Text.Encoding.UTF8.GetBytes(text);
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(plain);
            }

            using var reader = new CandleCsvReader(new MemoryStream(plain));
            var rows = new Candle[1_000];
            return new Sample(plain, compressed.ToArray(), rows[..reader.ReadBatch(rows)]);
        }
    }
}

/// <summary>One to three random edits of a byte array: cut, bit flip, insertion, deletion.</summary>
public sealed record Damage(int File, (int Kind, double Where, int Size, byte Value)[] Edits)
{
    private static readonly Gen<(int Kind, double Where, int Size, byte Value)> Edit =
        from kind in Gen.Choose(0, 3)
        from position in Gen.Choose(0, 10_000)
        from size in Gen.Choose(1, 64)
        from value in Gen.Choose(0, 255)
        select (kind, position / 10_000.0, size, (byte)value);

    public static Arbitrary<Damage> Arbitrary { get; } =
        (from file in Gen.Choose(0, 2)
         from count in Gen.Choose(1, 3)
         from edits in Edit.ArrayOf(count)
         select new Damage(file, edits)).ToArbitrary();

    public byte[] ApplyTo(byte[] original)
    {
        var bytes = new List<byte>(original);
        foreach (var (kind, where, size, value) in Edits)
        {
            int at = (int)(where * bytes.Count);
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

    public override string ToString() => $"file {File}: " + string.Join("; ", Edits.Select(e => $"{"cut flip insert delete".Split(' ')[e.Kind]} at {e.Where:P1} size {e.Size} value {e.Value}"));
}
