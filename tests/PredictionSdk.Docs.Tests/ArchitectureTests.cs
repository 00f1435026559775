using System.Text.RegularExpressions;

namespace PredictionSdk.Docs.Tests;

/// <summary>
/// docs/architecture.md follows the code: every package has a row whose dependencies are its project references, and
/// every type and folder it names exists.
/// </summary>
public partial class ArchitectureTests
{
    private static readonly string Root = SnippetTests.RepositoryRoot();
    private static readonly string Text = File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"));

    /// <summary>The package table: package name → (what it owns, what it depends on).</summary>
    private static Dictionary<string, (string Owns, string DependsOn)> Packages() =>
        PackageRow().Matches(Text).ToDictionary(m => m.Groups[1].Value, m => (m.Groups[2].Value, m.Groups[3].Value));

    private static string[] ProjectReferences(string package)
    {
        string project = File.ReadAllText(Path.Combine(Root, "src", package, package + ".csproj"));
        return ProjectReference().Matches(project).Select(m => m.Groups[1].Value).ToArray();
    }

    [Fact]
    public void Every_package_has_a_row_listing_exactly_its_project_references()
    {
        var rows = Packages();
        var packages = Directory.GetDirectories(Path.Combine(Root, "src"), "PredictionSdk.*").Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(packages, rows.Keys.Order(StringComparer.Ordinal));

        foreach (string package in packages)
        {
            // Dependencies are written without the "PredictionSdk." prefix; anything else in the cell is a NuGet package.
            var listed = rows[package].DependsOn.Split(',', StringSplitOptions.TrimEntries)
                .Where(d => packages.Contains("PredictionSdk." + d))
                .Order(StringComparer.Ordinal);
            var referenced = ProjectReferences(package).Select(r => r["PredictionSdk.".Length..]).Order(StringComparer.Ordinal);
            Assert.True(listed.SequenceEqual(referenced), $"{package}: the table lists [{string.Join(", ", listed)}], the project references [{string.Join(", ", referenced)}]");
        }
    }

    [Fact]
    public void Every_type_and_folder_the_architecture_names_exists()
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            declared.UnionWith(TypeDeclaration().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value));
        }

        var named = Packages().Values.SelectMany(r => Code().Matches(r.Owns)).Select(m => m.Groups[1].Value)
            .Where(t => TypeName().IsMatch(t))
            .Distinct()
            .ToList();
        Assert.True(named.Count > 20, $"only {named.Count} type names found in the package table");
        Assert.All(named, t => Assert.True(declared.Contains(t), $"docs/architecture.md names {t}, which no source file declares"));

        var folders = SourceFolder().Matches(Text).Select(m => m.Groups[1].Value.TrimEnd('/')).Distinct().ToList();
        Assert.NotEmpty(folders);
        Assert.All(folders, f => Assert.True(Directory.Exists(Path.Combine(Root, f)), $"docs/architecture.md names {f}, which does not exist"));
    }

    [GeneratedRegex(@"^\| `(PredictionSdk\.[A-Za-z.]+)` \| (.*) \| (.*) \|$", RegexOptions.Multiline)]
    private static partial Regex PackageRow();

    [GeneratedRegex(@"<ProjectReference Include=""[^""]*?([^/""]+)\.csproj""")]
    private static partial Regex ProjectReference();

    [GeneratedRegex(@"\b(?:class|interface|struct|record|enum)\s+([A-Z][A-Za-z0-9]*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^(src/[A-Za-z0-9./]+/)", RegexOptions.Multiline)]
    private static partial Regex SourceFolder();
}
