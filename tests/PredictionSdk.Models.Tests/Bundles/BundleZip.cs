using System.IO.Compression;
using System.Text.Json.Nodes;

namespace PredictionSdk.Models.Tests.Bundles;

/// <summary>Rewrites the zip of a bundle for tests: entries changed, dropped or added, the manifest edited.</summary>
internal static class BundleZip
{
    public static string TinyBundle => Path.Combine(AppContext.BaseDirectory, "TestData", "tiny-hybrid.psdk");

    /// <summary>The entries of <paramref name="bundle"/> passed through <paramref name="change"/> (null drops one), then <paramref name="extra"/> appended.</summary>
    public static void Repack(
        string bundle,
        string output,
        Func<string, byte[], byte[]?>? change = null,
        Action<JsonObject>? manifest = null,
        Action<ZipArchive>? extra = null,
        CompressionLevel level = CompressionLevel.Optimal)
    {
        using var source = ZipFile.OpenRead(bundle);
        using var file = File.Create(output);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            using var input = entry.Open();
            using var buffer = new MemoryStream();
            input.CopyTo(buffer);
            byte[]? content = buffer.ToArray();
            if (entry.FullName == "manifest.json" && manifest is not null)
            {
                var node = JsonNode.Parse(content)!.AsObject();
                manifest(node);
                content = System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
            }

            content = change is null ? content : change(entry.FullName, content);
            if (content is not null)
            {
                using var output2 = zip.CreateEntry(entry.FullName, level).Open();
                output2.Write(content);
            }
        }

        extra?.Invoke(zip);
    }

    /// <summary>Adds an entry of <paramref name="megabytes"/> MB of zeros (a few hundred KB compressed).</summary>
    public static void AddZeros(ZipArchive zip, string name, int megabytes)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        var zeros = new byte[1 << 20];
        for (int i = 0; i < megabytes; i++)
        {
            stream.Write(zeros);
        }
    }

    /// <summary>Offset of the central-directory record of <paramref name="name"/> in a zip file's bytes.</summary>
    public static int CentralRecord(byte[] zip, string name)
    {
        byte[] wanted = System.Text.Encoding.UTF8.GetBytes(name);
        for (int i = zip.Length - 46; i >= 0; i--)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 0x01 && zip[i + 3] == 0x02
                && BitConverter.ToUInt16(zip, i + 28) == wanted.Length
                && zip.AsSpan(i + 46, wanted.Length).SequenceEqual(wanted))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no central record for {name}");
    }
}
