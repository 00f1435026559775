using System.IO.Compression;
using System.Text;
using PredictionSdk.IO;

namespace PredictionSdk.Core.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Until_the_write_completes_the_destination_keeps_its_old_content_then_has_the_new()
    {
        string path = Path.Combine(_dir, "out.csv");
        await File.WriteAllTextAsync(path, "old");
        string[]? duringWrite = null;
        string? targetDuringWrite = null;

        await AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync("new content"u8.ToArray(), ct);
            await stream.FlushAsync(ct);
            duringWrite = Directory.GetFiles(_dir).Select(Path.GetFileName).ToArray()!;
            targetDuringWrite = await File.ReadAllTextAsync(path, ct);
        });

        Assert.Equal("old", targetDuringWrite);
        Assert.Equal(2, duringWrite!.Length);
        Assert.Contains(duringWrite, name => name.StartsWith(".out.csv.", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Equal("new content", await File.ReadAllTextAsync(path));
        Assert.Equal(["out.csv"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_failing_write_keeps_the_old_file_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(_dir, "report.json");
        await File.WriteAllTextAsync(path, "old");

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[100_000], ct);
            throw new InvalidOperationException("disk on fire");
        }));

        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Equal(["report.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_cancelled_write_leaves_no_file_where_there_was_none()
    {
        string path = Path.Combine(_dir, "new.csv");
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[1000], ct);
            await cts.CancelAsync();
        }, cts.Token));

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task A_writer_that_disposes_the_stream_still_commits_and_the_folder_is_created()
    {
        string path = Path.Combine(_dir, "sub", "dir", "out.txt.gz");

        await AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await using var gzip = new GZipStream(stream, CompressionLevel.Fastest);
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("hello"), ct);
        });

        await using var read = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var text = new StreamReader(read);
        Assert.Equal("hello", await text.ReadToEndAsync());
    }

    [Fact]
    public async Task A_reader_of_the_old_file_reads_it_whole_while_it_is_replaced()
    {
        string path = Path.Combine(_dir, "same.csv");
        await File.WriteAllTextAsync(path, new string('a', 100_000));
        await using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var head = new byte[10];
        await reader.ReadExactlyAsync(head);

        await AtomicFile.WriteAllTextAsync(path, "b");

        using var rest = new StreamReader(reader);
        Assert.Equal(100_000 - 10, (await rest.ReadToEndAsync()).Length);
        Assert.Equal("b", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public void The_synchronous_write_and_a_folder_as_destination()
    {
        string path = Path.Combine(_dir, "model.bin");
        AtomicFile.Write(path, stream => stream.Write([1, 2, 3]));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));

        Assert.Throws<IOException>(() => AtomicFile.Write(_dir, stream => stream.WriteByte(1)));
    }
}
