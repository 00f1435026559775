namespace PredictionSdk.Docs.Tests;

/// <summary>Every C# block of README.md and docs/*.md compiles against the SDK as it is today.</summary>
public class SnippetTests
{
    private static readonly Lazy<IReadOnlyList<Snippet>> All = new(() =>
    {
        string root = RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal));
        return files.SelectMany(f => SnippetExtractor.Extract(Path.GetRelativePath(root, f), File.ReadAllText(f))).ToList();
    });

    /// <summary>Each block by <c>file:line</c>, so a failure names it in the test's name.</summary>
    public static TheoryData<string> Blocks()
    {
        var data = new TheoryData<string>();
        foreach (var snippet in All.Value)
        {
            data.Add(snippet.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public async Task Compiles(string block)
    {
        var snippet = All.Value.Single(s => s.Id == block);
        if (snippet.Skip is not null)
        {
            return;
        }

        var errors = SnippetCompiler.Compile(snippet);

        Assert.True(errors.Count == 0, $"{block} does not compile:\n{string.Join("\n", errors)}");
        if (snippet.Run)
        {
            // Relative paths in the docs are relative to the repository root; no other test here uses the working directory.
            Directory.SetCurrentDirectory(RepositoryRoot());
            var output = Console.Out;
            using var captured = new StringWriter();
            Console.SetOut(captured);
            try
            {
                await SnippetCompiler.RunAsync(snippet).WaitAsync(TimeSpan.FromSeconds(120));
            }
            finally
            {
                Console.SetOut(output);
            }

            Assert.NotEqual(string.Empty, captured.ToString());
        }
    }

    [Fact]
    public void The_readme_and_the_docs_have_blocks_and_few_are_skipped()
    {
        Assert.Contains(All.Value, s => s.File == "README.md");
        Assert.True(All.Value.Count(s => s.File.StartsWith("docs", StringComparison.Ordinal)) >= 15, "the docs lost their C# blocks, or the extractor no longer finds them");
        Assert.True(All.Value.Count(s => s.Skip is not null) <= 2, "skip only what cannot compile anywhere, and say why");
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PredictionSdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No PredictionSdk.sln above {AppContext.BaseDirectory}.");
    }
}
