namespace PredictionSdk.Docs.Tests;

/// <summary>The harness itself: what it finds, how it reads markers, and that it reports errors where they are.</summary>
public class HarnessTests
{
    [Fact]
    public void An_error_is_reported_at_its_line_in_the_markdown_file()
    {
        string markdown = "# Title\n\nText.\n\n```csharp\nusing PredictionSdk;\n\nvar bar = new Candle();\nint n = bar.NoSuchMember;\n```\n";

        var snippet = Assert.Single(SnippetExtractor.Extract("docs/example.md", markdown));
        var errors = SnippetCompiler.Compile(snippet);

        Assert.Equal("docs/example.md:5", snippet.Id);
        var error = Assert.Single(errors);
        Assert.StartsWith("docs/example.md:9:", error, StringComparison.Ordinal);
        Assert.Contains("CS1061", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_without_a_marker_gets_no_sdk_namespace()
    {
        var snippet = Assert.Single(SnippetExtractor.Extract("README.md", "```csharp\nvar bar = new Candle();\n```\n"));

        var error = Assert.Single(SnippetCompiler.Compile(snippet));

        Assert.StartsWith("README.md:2:", error, StringComparison.Ordinal);
        Assert.Contains("CS0246", error, StringComparison.Ordinal); // Candle: is a using missing?
    }

    [Fact]
    public void Given_variables_and_fragments_compile_with_every_sdk_namespace()
    {
        string markdown = "<!-- snippet: given IReadOnlyList<Candle> bars; CancellationToken ct -->\n```csharp\nvar hourly = CandleResampler.ResampleCandles(bars, Interval.OneHour);\nawait Task.Delay(1, ct);\n```\n";

        var snippet = Assert.Single(SnippetExtractor.Extract("docs/x.md", markdown));

        Assert.True(snippet.IsFragment);
        Assert.Equal(["IReadOnlyList<Candle> bars", "CancellationToken ct"], snippet.Given);
        Assert.Empty(SnippetCompiler.Compile(snippet));
    }

    [Fact]
    public void A_continuing_block_is_compiled_with_the_one_before_and_its_usings_go_first()
    {
        string markdown = "```csharp\nusing PredictionSdk;\nvar bar = new Candle();\n```\n\ntext\n\n<!-- snippet: continues -->\n```csharp\nusing PredictionSdk.Validation;\nvar verdict = CandleRules.Check(bar);\nint x = \"not an int\";\n```\n";

        var snippets = SnippetExtractor.Extract("README.md", markdown);

        Assert.Equal(2, snippets.Count);
        Assert.Equal(5, snippets[1].Code.Count);
        var error = Assert.Single(SnippetCompiler.Compile(snippets[1]));
        Assert.StartsWith("README.md:12:", error, StringComparison.Ordinal);
        Assert.Contains("CS0029", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("using PredictionSdk;", true)]
    [InlineData("using PredictionSdk.Data.Validation;   // comment", true)]
    [InlineData("using static System.Math;", true)]
    [InlineData("using var trainer = new ModelTrainer(options);", false)]
    [InlineData("using LoadedModel model = registry.LoadModel(id);", false)]
    [InlineData("using (var x = Open()) { }", false)]
    public void Using_directives_are_told_from_using_declarations(string line, bool directive) =>
        Assert.Equal(directive, Snippet.IsUsingDirective(line));
}
