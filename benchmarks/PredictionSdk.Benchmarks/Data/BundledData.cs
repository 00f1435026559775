namespace PredictionSdk.Benchmarks.Data;

/// <summary>Finds the repository's bundled candle files from wherever BenchmarkDotNet runs the benchmark.</summary>
internal static class BundledData
{
    public static string Path(string fileName)
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = System.IO.Path.Combine(dir.FullName, "samples", "data", fileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"samples/data/{fileName} not found above {AppContext.BaseDirectory}.");
    }
}
