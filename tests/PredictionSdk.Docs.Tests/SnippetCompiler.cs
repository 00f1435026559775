using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PredictionSdk.Docs.Tests;

/// <summary>
/// Compiles a <see cref="Snippet"/> with Roslyn as a console program of top-level statements, against every assembly
/// this test runs with (the SDK's packages, Microsoft.Extensions.Hosting and the .NET runtime), and reports each error
/// at its line in the Markdown file.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>What <c>ImplicitUsings</c> gives a new console app.</summary>
    private static readonly string[] ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>Imported for fragments besides every SDK namespace: the host and DI types the SDK's extension methods meet.</summary>
    private static readonly string[] FragmentUsings =
        ["Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    private static readonly Lazy<ImmutableArray<string>> SdkNamespaces = new(FindSdkNamespaces);

    /// <summary>The errors of <paramref name="snippet"/>, each as <c>file:line:column: error CSxxxx: message</c>; empty when it compiles.</summary>
    public static IReadOnlyList<string> Compile(Snippet snippet)
    {
        var (compilation, lines) = Create(snippet);
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => Describe(d, snippet, lines))
            .ToList();
    }

    /// <summary>Compiles <paramref name="snippet"/> and runs its program to the end, in this process.</summary>
    /// <exception cref="InvalidOperationException">The snippet does not compile.</exception>
    public static async Task RunAsync(Snippet snippet)
    {
        var (compilation, _) = Create(snippet);
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{snippet.Id} does not compile.");
        }

        var entry = System.Reflection.Assembly.Load(image.ToArray()).EntryPoint!;
        object? returned = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        if (returned is Task task)
        {
            await task.ConfigureAwait(false);
        }
    }

    private static (CSharpCompilation Compilation, IReadOnlyList<int> Lines) Create(Snippet snippet)
    {
        var (source, lines) = Program(snippet);
        var usings = new StringBuilder();
        foreach (string ns in snippet.IsFragment ? [.. ConsoleUsings, .. FragmentUsings, .. SdkNamespaces.Value] : ConsoleUsings)
        {
            usings.Append("global using ").Append(ns).AppendLine(";");
        }

        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(usings.ToString(), Parse, "Usings.g.cs"), CSharpSyntaxTree.ParseText(source, Parse, snippet.File)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return (compilation, lines);
    }

    /// <summary>
    /// The program for <paramref name="snippet"/>: its using directives first, then the declarations of its given variables,
    /// then the rest of its lines; and for each line of the program, the line of the file it came from (0: added).
    /// </summary>
    public static (string Source, IReadOnlyList<int> Lines) Program(Snippet snippet)
    {
        var text = new StringBuilder();
        var lines = new List<int>();
        foreach (var line in snippet.Code.Where(l => Snippet.IsUsingDirective(l.Text)))
        {
            text.AppendLine(line.Text);
            lines.Add(line.Line);
        }

        foreach (string given in snippet.Given)
        {
            // Declared, not initialised with anything meaningful: the snippet is compiled, not run.
            text.Append(given).AppendLine(" = default!;");
            lines.Add(0);
        }

        foreach (var line in snippet.Code.Where(l => !Snippet.IsUsingDirective(l.Text)))
        {
            text.AppendLine(line.Text);
            lines.Add(line.Line);
        }

        return (text.ToString(), lines);
    }

    private static string Describe(Diagnostic diagnostic, Snippet snippet, IReadOnlyList<int> lines)
    {
        var span = diagnostic.Location.GetLineSpan();
        string where = snippet.Id + " (harness)";
        if (diagnostic.Location.SourceTree?.FilePath == snippet.File && span.StartLinePosition.Line < lines.Count)
        {
            int line = lines[span.StartLinePosition.Line];
            where = line == 0
                ? $"{snippet.Id} (in the marker's given variables)"
                : $"{snippet.File}:{line}:{span.StartLinePosition.Character + 1}";
        }

        return $"{where}: error {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // Everything the test host was started with: the runtime, the SDK's packages and their dependencies.
        string paths = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? throw new InvalidOperationException("No trusted platform assemblies.");
        return [.. paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !Path.GetFileName(p).EndsWith(".Tests.dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static ImmutableArray<string> FindSdkNamespaces()
    {
        var compilation = CSharpCompilation.Create("Namespaces", [], References.Value);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var root = compilation.GlobalNamespace.GetNamespaceMembers().Single(n => n.Name == "PredictionSdk");
        Walk(root);
        return [.. found];

        void Walk(INamespaceSymbol ns)
        {
            if (ns.GetTypeMembers().Any(t => t.DeclaredAccessibility == Accessibility.Public))
            {
                found.Add(ns.ToDisplayString());
            }

            foreach (var child in ns.GetNamespaceMembers())
            {
                Walk(child);
            }
        }
    }
}
