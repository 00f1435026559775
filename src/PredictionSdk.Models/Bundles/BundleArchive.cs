using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;

namespace PredictionSdk.Models.Bundles;

/// <summary>
/// The zip of a <c>.psdk</c> file, read one named entry at a time. An entry is read only when asked for, only up to
/// its declared size and a limit, and must match its CRC-32 (<see cref="ZipArchive"/> checks neither the size of
/// what it inflates against a limit nor the CRC). Every failure is a <see cref="ModelLoadException"/> naming the file.
/// </summary>
internal sealed class BundleArchive : IDisposable
{
    private const int InitialChunk = 1 << 20;

    private readonly string _path;
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);

    private BundleArchive(string path, ZipArchive zip)
    {
        _path = path;
        _zip = zip;
        foreach (var entry in zip.Entries)
        {
            if (!_entries.TryAdd(entry.FullName, entry))
            {
                throw new ModelLoadException(path, $"the archive holds '{entry.FullName}' twice.");
            }
        }
    }

    /// <summary>Opens the archive; its central directory is read, no entry is.</summary>
    public static BundleArchive Open(string path) => Open(path, () => ZipFile.OpenRead(path));

    /// <summary>Opens an archive held in <paramref name="stream"/> (left open), named <paramref name="source"/> in errors.</summary>
    public static BundleArchive Open(string source, Stream stream) =>
        Open(source, () => new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true));

    private static BundleArchive Open(string path, Func<ZipArchive> open)
    {
        ZipArchive? zip = null;
        try
        {
            zip = open();
            return new BundleArchive(path, zip);
        }
        catch (Exception ex) when (IsArchiveFault(ex))
        {
            zip?.Dispose();
            throw new ModelLoadException(path, $"it is not a valid .psdk (zip) file or it is truncated or corrupted ({ex.Message}).", ex);
        }
        catch
        {
            zip?.Dispose();
            throw;
        }
    }

    /// <summary>The content of entry <paramref name="name"/>, or null when the archive has none.</summary>
    /// <exception cref="ModelLoadException">The entry is larger than <paramref name="maxBytes"/>, shorter or longer than declared, or corrupted.</exception>
    public byte[]? Read(string name, long maxBytes)
    {
        if (!_entries.TryGetValue(name, out var entry))
        {
            return null;
        }

        if (entry.Length > maxBytes)
        {
            throw new ModelLoadException(_path, string.Create(CultureInfo.InvariantCulture, $"entry '{name}' declares {entry.Length:N0} bytes, more than the limit of {maxBytes:N0}."));
        }

        byte[] content;
        try
        {
            using var stream = entry.Open();
            content = ReadDeclared(stream, name, entry.Length);
        }
        catch (Exception ex) when (IsArchiveFault(ex))
        {
            throw new ModelLoadException(_path, $"entry '{name}' cannot be read: the file is truncated or corrupted ({ex.Message}).", ex);
        }

        if (Crc32.HashToUInt32(content) != entry.Crc32)
        {
            throw new ModelLoadException(_path, $"entry '{name}' does not match its CRC-32: the file is corrupted.");
        }

        return content;
    }

    public void Dispose() => _zip.Dispose();

    // The buffer grows with what actually inflates, never to a declared size up front: a damaged header claiming
    // hundreds of megabytes costs nothing until that much data really comes out.
    private byte[] ReadDeclared(Stream stream, string name, long declared)
    {
        var content = new byte[(int)Math.Min(declared, InitialChunk)];
        int filled = 0;
        while (true)
        {
            if (filled == content.Length)
            {
                if (filled == declared)
                {
                    break;
                }

                Array.Resize(ref content, (int)Math.Min(declared, (long)content.Length * 2));
            }

            int read = stream.Read(content, filled, content.Length - filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        if (filled < declared)
        {
            throw new ModelLoadException(_path, string.Create(CultureInfo.InvariantCulture, $"entry '{name}' holds {filled:N0} bytes but declares {declared:N0}: the file is truncated or corrupted."));
        }

        // Whatever lies beyond the declared size is not read: one byte more is enough to refuse the entry.
        if (stream.ReadByte() >= 0)
        {
            throw new ModelLoadException(_path, string.Create(CultureInfo.InvariantCulture, $"entry '{name}' holds more than the {declared:N0} bytes it declares: the file is corrupted."));
        }

        return content;
    }

    private static bool IsArchiveFault(Exception ex) => ex is InvalidDataException or IOException or NotSupportedException;
}
