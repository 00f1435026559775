// Checks every PDB of PredictionSdk in the packages of a folder (symbol packages, and the tool package, which carries
// its PDBs beside the assemblies): each maps its sources to a SourceLink URL and holds no absolute local path
// (deterministic builds map the repository root to "/_/").
//   usage: dotnet run tests/infrastructure/check-symbols.cs -- ARTIFACTS_DIR
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;

var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
var folder = args.Length > 0 ? args[0] : "artifacts";
var packages = Directory.GetFiles(folder, "*.snupkg").Concat(Directory.GetFiles(folder, "PredictionSdk.Cli.*.nupkg")).ToArray();
if (!packages.Any(p => p.EndsWith(".snupkg", StringComparison.Ordinal)))
{
    Console.Error.WriteLine($"no .snupkg in {folder}");
    return 1;
}

int failures = 0;
foreach (var package in packages.Order(StringComparer.Ordinal))
{
    using var zip = ZipFile.OpenRead(package);
    var ours = zip.Entries.Where(e => e.FullName.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)
        && (e.Name.StartsWith("PredictionSdk.", StringComparison.Ordinal) || e.Name == "psdk.pdb"));
    foreach (var entry in ours)
    {
        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(buffer);
        var reader = provider.GetMetadataReader();
        var documents = reader.Documents.Select(h => reader.GetString(reader.GetDocument(h).Name)).ToList();
        var local = documents.Where(d => !d.StartsWith("/_/", StringComparison.Ordinal)).ToList();
        string? sourceLink = null;
        foreach (var handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var info = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(info.Kind) == sourceLinkKind)
            {
                sourceLink = Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value));
            }
        }

        var problems = new List<string>();
        if (local.Count > 0)
        {
            problems.Add($"{local.Count} of {documents.Count} documents keep a local path, e.g. {local[0]}");
        }

        if (sourceLink is null || !sourceLink.Contains("\"/_/*\"", StringComparison.Ordinal) || !sourceLink.Contains("https://", StringComparison.Ordinal))
        {
            problems.Add($"no usable SourceLink map ({sourceLink ?? "none"})");
        }

        string name = $"{Path.GetFileName(package)}!{entry.FullName}";
        if (problems.Count == 0)
        {
            Console.WriteLine($"ok   {name}: {documents.Count} documents under /_/, {sourceLink}");
        }
        else
        {
            failures++;
            Console.WriteLine($"FAIL {name}: {string.Join("; ", problems)}");
        }
    }
}

return failures == 0 ? 0 : 1;
