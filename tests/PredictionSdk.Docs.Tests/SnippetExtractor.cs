using System.Text.RegularExpressions;

namespace PredictionSdk.Docs.Tests;

/// <summary>
/// Finds the C# blocks of Markdown text. A block may be preceded (on the line above its fence, blank lines allowed) by
/// <c>&lt;!-- snippet: CLAUSE; CLAUSE … --&gt;</c>, whose clauses are:
/// <list type="bullet">
/// <item><c>continues</c> — the block goes on from the previous block of the file: both are compiled as one program.</item>
/// <item><c>fragment</c> — the block is part of a larger program: every SDK namespace is imported for it.</item>
/// <item><c>given TYPE NAME</c> (or just <c>TYPE NAME</c>) — a variable the surrounding text provides; implies <c>fragment</c>.</item>
/// <item><c>run</c> — after compiling, run the block from the repository root (short blocks on bundled files only).</item>
/// <item><c>skip: REASON</c> — not compiled (say why).</item>
/// </list>
/// A block without a marker must compile as pasted into a new console app (<c>ImplicitUsings</c> on) that references the packages.
/// </summary>
internal static partial class SnippetExtractor
{
    /// <summary>The blocks of <paramref name="markdown"/>, in order; <paramref name="file"/> names it in each.</summary>
    public static IReadOnlyList<Snippet> Extract(string file, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var snippets = new List<Snippet>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!CSharpFence().IsMatch(lines[i]))
            {
                continue;
            }

            var code = new List<SnippetLine>();
            int fence = i;
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                code.Add(new SnippetLine(lines[i], i + 1));
            }

            if (i >= lines.Length)
            {
                throw new FormatException($"{file}:{fence + 1}: the C# block is never closed.");
            }

            var clauses = Marker(lines, fence);
            bool continues = false, fragment = false, run = false;
            string? skip = null;
            var given = new List<string>();
            foreach (string clause in clauses)
            {
                if (clause == "continues")
                {
                    continues = true;
                }
                else if (clause == "fragment")
                {
                    fragment = true;
                }
                else if (clause == "run")
                {
                    run = true;
                }
                else if (clause.StartsWith("skip", StringComparison.Ordinal))
                {
                    skip = clause.Length > 5 ? clause[5..].Trim(':', ' ') : "no reason given";
                }
                else
                {
                    given.Add(clause.StartsWith("given ", StringComparison.Ordinal) ? clause[6..].Trim() : clause);
                    fragment = true;
                }
            }

            if (continues)
            {
                var previous = snippets.Count > 0 ? snippets[^1] : throw new FormatException($"{file}:{fence + 1}: 'continues' but no block comes before it.");
                snippets.Add(new Snippet
                {
                    File = file,
                    Line = fence + 1,
                    Code = [.. previous.Code, .. code],
                    Given = [.. previous.Given, .. given],
                    IsFragment = previous.IsFragment || fragment,
                    Skip = skip,
                    Run = run,
                });
            }
            else
            {
                snippets.Add(new Snippet { File = file, Line = fence + 1, Code = code, Given = given, IsFragment = fragment, Skip = skip, Run = run });
            }
        }

        return snippets;
    }

    private static string[] Marker(string[] lines, int fence)
    {
        int j = fence - 1;
        while (j >= 0 && lines[j].Trim().Length == 0)
        {
            j--;
        }

        var match = j >= 0 ? MarkerComment().Match(lines[j]) : Match.Empty;
        return match.Success
            ? match.Groups[1].Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
    }

    [GeneratedRegex(@"^\s*```\s*(csharp|cs|c#)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*(.*?)\s*-->\s*$")]
    private static partial Regex MarkerComment();
}
