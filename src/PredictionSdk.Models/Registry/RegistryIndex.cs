using System.Text.Json;
using System.Text.Json.Serialization;

namespace PredictionSdk.Models.Registry;

/// <summary>The registry's <c>index.json</c>: every version, the champions, the promotion history and the A/B tests.</summary>
internal sealed record RegistryIndex
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public IReadOnlyList<ModelVersionInfo> Versions { get; init; } = [];

    public IReadOnlyList<ChampionEntry> Champions { get; init; } = [];

    public IReadOnlyList<PromotionRecord> History { get; init; } = [];

    public IReadOnlyList<AbTest> AbTests { get; init; } = [];

    public static readonly RegistryIndex Empty = new();
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RegistryIndex))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;

/// <summary>
/// Reads and writes the index. Writers hold an exclusive lock file while they read, change and replace the index;
/// the replacement is a new file moved over the old one, so a reader always sees a whole index and a writer killed
/// mid-write leaves the previous index in place (and a temporary file the next writer deletes).
/// </summary>
internal sealed class RegistryStore(string folder, TimeSpan lockTimeout)
{
    public const string IndexFile = "index.json";
    public const string LockFile = ".lock";
    private const string TempSuffix = ".tmp";

    // Test seam: runs after the new index is written and flushed, before it replaces the old one.
    internal static Action<string>? BeforeReplace { get; set; }

    public string Folder { get; } = folder;

    public string IndexPath => Path.Combine(Folder, IndexFile);

    public RegistryIndex Read()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(IndexPath);
        }
        catch (FileNotFoundException)
        {
            return RegistryIndex.Empty;
        }
        catch (DirectoryNotFoundException)
        {
            return RegistryIndex.Empty;
        }
        catch (IOException ex)
        {
            throw new ModelRegistryException(Folder, $"{IndexFile} could not be read ({ex.Message}).", ex);
        }

        RegistryIndex? index;
        try
        {
            index = JsonSerializer.Deserialize(bytes, RegistryJsonContext.Default.RegistryIndex);
        }
        catch (JsonException ex)
        {
            throw new ModelRegistryException(Folder, $"{IndexFile} is malformed ({ex.Message}).", ex);
        }

        if (index is null)
        {
            throw new ModelRegistryException(Folder, $"{IndexFile} is empty.");
        }

        if (index.FormatVersion < 1 || index.FormatVersion > RegistryIndex.CurrentFormatVersion)
        {
            throw new ModelRegistryException(Folder, $"{IndexFile} has format version {index.FormatVersion}; this library reads versions 1 to {RegistryIndex.CurrentFormatVersion}.");
        }

        return index;
    }

    /// <summary>Reads the index under the writers' lock, applies <paramref name="change"/> and replaces the index with its result.</summary>
    public (RegistryIndex Index, T Result) Update<T>(Func<RegistryIndex, (RegistryIndex Index, T Result)> change, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        using var held = AcquireLock(cancellationToken);
        DeleteStaleTemporaries();
        var (index, result) = change(Read());
        Write(index);
        return (index, result);
    }

    /// <summary>Runs <paramref name="action"/> under the writers' lock without touching the index.</summary>
    public T Locked<T>(Func<T> action, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        using var held = AcquireLock(cancellationToken);
        return action();
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> through a temporary file in the same folder and a move.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        string temp = $"{path}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            BeforeReplace?.Invoke(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private void Write(RegistryIndex index) =>
        WriteAtomically(IndexPath, JsonSerializer.SerializeToUtf8Bytes(index, RegistryJsonContext.Default.RegistryIndex));

    private FileStream AcquireLock(CancellationToken cancellationToken)
    {
        // The OS releases the lock when the holder dies, so a killed writer never blocks the registry.
        string path = Path.Combine(Folder, LockFile);
        var deadline = DateTime.UtcNow + lockTimeout;
        int wait = 5;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(wait);
                wait = Math.Min(wait * 2, 100);
            }
            catch (IOException ex)
            {
                throw new ModelRegistryException(Folder, $"another writer held {LockFile} for longer than {lockTimeout.TotalSeconds:0.#} s.", ex);
            }
        }
    }

    private void DeleteStaleTemporaries()
    {
        // Left by a writer that died between writing and moving; under the lock nobody else is writing one.
        foreach (string stale in Directory.EnumerateFiles(Folder, $"{IndexFile}.*{TempSuffix}"))
        {
            File.Delete(stale);
        }
    }
}
