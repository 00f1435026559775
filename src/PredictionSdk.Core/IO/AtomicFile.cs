namespace PredictionSdk.IO;

/// <summary>
/// Writes a file so that anyone reading it — or a crash, a kill or a full disk — sees either the previous file (or
/// none) or the complete new one, never a part. The content goes to a hidden temporary file in the same folder
/// (<c>.NAME.RANDOM.tmp</c>), is flushed to disk, and is then renamed over the destination, which is atomic within
/// one file system. A failed or cancelled write deletes the temporary file; a killed process may leave one behind,
/// which is safe to delete.
/// </summary>
/// <remarks>
/// Reading the destination while writing it is safe: the reader keeps the old file until the rename, so a command
/// may take the same path as input and output as long as it has finished reading when its write completes.
/// </remarks>
public static class AtomicFile
{
    private const int BufferSize = 1 << 16;

    /// <summary>Writes <paramref name="path"/> atomically with <paramref name="write"/>; returns what it returns.</summary>
    /// <param name="path">The destination; its folder is created if missing.</param>
    /// <param name="write">Writes the whole content to the stream it is given (it may dispose the stream).</param>
    /// <param name="cancellationToken">Stops the write; the destination is then left as it was.</param>
    public static async Task<T> WriteAsync<T>(string path, Func<Stream, CancellationToken, Task<T>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        string target = Prepare(path);
        string temp = TemporaryPath(target);
        try
        {
            T result;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                result = await write(file, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                FlushToDisk(file, temp);
            }

            File.Move(temp, target, overwrite: true);
            return result;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="path"/> atomically with <paramref name="write"/>.</summary>
    /// <param name="path">The destination; its folder is created if missing.</param>
    /// <param name="write">Writes the whole content to the stream it is given (it may dispose the stream).</param>
    /// <param name="cancellationToken">Stops the write; the destination is then left as it was.</param>
    public static Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return WriteAsync(path, async (stream, ct) =>
        {
            await write(stream, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Writes <paramref name="path"/> atomically with <paramref name="write"/> (synchronous).</summary>
    /// <param name="path">The destination; its folder is created if missing.</param>
    /// <param name="write">Writes the whole content to the stream it is given (it may dispose the stream).</param>
    /// <param name="cancellationToken">Checked after <paramref name="write"/>; the destination is then left as it was.</param>
    public static void Write(string path, Action<Stream> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        string target = Prepare(path);
        string temp = TemporaryPath(target);
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                write(file);
                cancellationToken.ThrowIfCancellationRequested();
                FlushToDisk(file, temp);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="contents"/> as UTF-8 (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contents);
        return WriteAsync(path, async (stream, ct) =>
        {
            var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), BufferSize, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(contents.AsMemory(), ct).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    private static string Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string target = Path.GetFullPath(path);
        if (Directory.Exists(target))
        {
            throw new IOException($"Cannot write '{path}': it is a folder.");
        }

        string? folder = Path.GetDirectoryName(target);
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        return target;
    }

    // Hidden, unique per write (two writers of one path never share a temporary file), and in the destination's
    // folder so that the final rename stays within one file system.
    private static string TemporaryPath(string target) =>
        Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");

    // The rename must not reach the disk before the data: a power loss would otherwise leave an empty file.
    private static void FlushToDisk(FileStream file, string temp)
    {
        if (file.CanWrite)
        {
            file.Flush(flushToDisk: true);
            return;
        }

        // The writer disposed the stream (its own wrapper closed it): sync through a new handle to the same file.
        using var again = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.None);
        again.Flush(flushToDisk: true);
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The original error matters more; a leftover temporary file is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
