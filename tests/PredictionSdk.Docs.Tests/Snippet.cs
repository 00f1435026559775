using System.Text.RegularExpressions;

namespace PredictionSdk.Docs.Tests;

/// <summary>One line of a snippet's program and where it came from (0 for lines the harness adds).</summary>
/// <param name="Text">The C# text.</param>
/// <param name="Line">1-based line in <see cref="Snippet.File"/>.</param>
internal readonly record struct SnippetLine(string Text, int Line);

/// <summary>
/// A ```csharp block of a Markdown file, with the blocks it continues, and what its marker comment says about it.
/// </summary>
internal sealed partial record Snippet
{
    /// <summary>Path relative to the repository root, e.g. <c>docs/data.md</c>.</summary>
    public required string File { get; init; }

    /// <summary>1-based line of the opening fence.</summary>
    public required int Line { get; init; }

    /// <summary>The block's lines (and those of the blocks it continues, first), each with its line in the file.</summary>
    public required IReadOnlyList<SnippetLine> Code { get; init; }

    /// <summary>Variables the text around the block provides (<c>Type name</c>), declared by a hidden preamble.</summary>
    public IReadOnlyList<string> Given { get; init; } = [];

    /// <summary>A fragment: compiled with every SDK namespace imported and the <see cref="Given"/> variables declared.</summary>
    public bool IsFragment { get; init; }

    /// <summary>Also run the block (from the repository root) after it compiled: for short blocks that need only bundled files.</summary>
    public bool Run { get; init; }

    /// <summary>Why the block is not compiled, or null.</summary>
    public string? Skip { get; init; }

    /// <summary>Where the block is, as <c>file:line</c>.</summary>
    public string Id => $"{File}:{Line}";

    /// <summary>True for a line that is a using directive (not a <c>using var</c> declaration or a using statement).</summary>
    public static bool IsUsingDirective(string line) => UsingDirective().IsMatch(line);

    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?([A-Za-z_][\w.]*\s*=\s*)?[A-Za-z_][\w.]*\s*;\s*(//.*)?$")]
    private static partial Regex UsingDirective();
}
