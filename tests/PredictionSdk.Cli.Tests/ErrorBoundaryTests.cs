using System.CommandLine;

namespace PredictionSdk.Cli.Tests;

/// <summary>Every command fails the same way: one line on stderr naming what was wrong, a documented exit code, no stack trace.</summary>
public sealed class ErrorBoundaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-errors-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TempPath(string name) => Path.Combine(_dir, name);

    private static string Btc => Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz");

    private static void AssertOneLine(string stderr, string expected)
    {
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, stderr);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_runs_inside_the_boundary()
    {
        var commands = new List<Command>();
        void Walk(Command c)
        {
            commands.Add(c);
            foreach (var sub in c.Subcommands)
            {
                Walk(sub);
            }
        }

        Walk(CommandCatalog.CreateRoot());
        var runnable = commands.Where(c => c.Action is not null).ToList();
        Assert.True(runnable.Count >= 12, string.Join(", ", runnable.Select(c => c.Name)));
        Assert.All(runnable, c => Assert.IsType<ErrorBoundaryAction>(c.Action));
        Assert.Contains(CommandErrors.Verbose, CommandCatalog.CreateRoot().Options);
    }

    [Theory]
    [InlineData("predict", "--model", "MODEL", "--input", "MISSING")]
    [InlineData("evaluate", "--model", "MODEL", "--input", "MISSING")]
    [InlineData("calibrate", "--model", "MODEL", "--input", "MISSING")]
    [InlineData("train", "--symbol", "BTC-USD", "--input", "MISSING", "--output", "OUT")]
    [InlineData("baselines", "--symbol", "BTC-USD", "--input", "MISSING")]
    [InlineData("data", "validate", "--input", "MISSING")]
    [InlineData("data", "import", "--input", "MISSING", "--db", "OUT", "--symbol", "BTC-USD")]
    [InlineData("indicators", "--input", "MISSING", "--output", "OUT")]
    public async Task A_missing_file_is_an_io_error_naming_it(params string[] args)
    {
        string missing = TempPath("nope.csv");
        var resolved = args.Select(a => a switch { "MODEL" => Psdk.SampleModel, "MISSING" => missing, "OUT" => TempPath("out"), _ => a }).ToArray();
        var (exit, _, error) = await Psdk.RunAsync(resolved);
        Assert.Equal(4, exit);
        AssertOneLine(error, missing);
    }

    [Fact]
    public async Task A_horizon_the_model_does_not_have_is_bad_input_naming_the_ones_it_has()
    {
        var (exit, _, error) = await Psdk.RunAsync("predict", "--model", Psdk.SampleModel, "--input", Btc, "--horizon", "3");
        Assert.Equal(2, exit);
        AssertOneLine(error, "--horizon 3: the model btc-tiny-hybrid.psdk predicts horizons 1, 5 only");
    }

    [Fact]
    public async Task A_symbol_with_a_space_is_bad_input()
    {
        var (exit, _, error) = await Psdk.RunAsync("predict", "--model", Psdk.SampleModel, "--input", Btc, "--symbol", "A B");
        Assert.Equal(2, exit);
        AssertOneLine(error, "'A B' is not a symbol");
    }

    [Fact]
    public async Task A_truncated_bundle_is_a_bad_model()
    {
        string truncated = TempPath("half.psdk");
        byte[] bytes = await File.ReadAllBytesAsync(Psdk.SampleModel);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        foreach (string command in new[] { "predict", "evaluate", "calibrate" })
        {
            var (exit, _, error) = await Psdk.RunAsync(command, "--model", truncated, "--input", Btc);
            Assert.Equal(3, exit);
            AssertOneLine(error, "half.psdk");
        }
    }

    [Fact]
    public async Task Databases_that_cannot_be_used_are_io_errors_naming_them()
    {
        var folder = await Psdk.RunAsync("data", "import", "--input", Btc, "--db", _dir, "--symbol", "BTC-USDT");
        Assert.Equal(4, folder.Exit);
        AssertOneLine(folder.Err, _dir);
        var folderExport = await Psdk.RunAsync("data", "export", "--db", _dir, "--symbol", "BTC-USDT", "--output", TempPath("x.csv"));
        Assert.Equal(4, folderExport.Exit);
        AssertOneLine(folderExport.Err, "is a folder");

        string text = TempPath("notes.db");
        await File.WriteAllTextAsync(text, "these are notes, not a database\n");
        foreach (var args in new[] { new[] { "data", "import", "--input", Btc, "--db", text, "--symbol", "BTC-USDT" }, ["data", "export", "--db", text, "--symbol", "BTC-USDT", "--output", TempPath("x.csv")] })
        {
            var (exit, _, error) = await Psdk.RunAsync(args);
            Assert.Equal(4, exit);
            AssertOneLine(error, $"database {text}: ");
        }
    }

    [Fact]
    public async Task A_damaged_database_is_not_exported_as_if_complete()
    {
        string db = TempPath("damaged.db");
        Assert.Equal(0, (await Psdk.RunAsync("data", "import", "--input", Btc, "--db", db, "--symbol", "BTC-USDT")).Exit);
        byte[] bytes = await File.ReadAllBytesAsync(db);
        for (int i = 4096; i < bytes.Length; i += 997)
        {
            bytes[i] ^= 0xA5;
        }

        await File.WriteAllBytesAsync(db, bytes);
        string output = TempPath("out.csv");
        var (exit, _, error) = await Psdk.RunAsync("data", "export", "--db", db, "--symbol", "BTC-USDT", "--output", output);
        Assert.Equal(4, exit);
        AssertOneLine(error, $"database {db}");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_pipe_as_input_is_read_as_a_stream_and_bad_content_is_one_line_of_bad_input()
    {
        string fifo = TempPath("in.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Opening a pipe blocks until the other end opens it, so both ends start on their own threads.
        var run = Task.Run(() => Psdk.RunAsync("data", "validate", "--input", fifo));
        var feed = Task.Run(async () =>
        {
            // Opening the pipe for writing waits for psdk to open it for reading: it must not be consumed by a check.
            await using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            await pipe.WriteAsync("timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,not-a-price,3\n"u8.ToArray());
        });
        var (exit, _, error) = await run.WaitAsync(TimeSpan.FromSeconds(60));
        await feed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, exit);
        AssertOneLine(error, "not-a-price");
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace()
    {
        var quiet = await Psdk.RunAsync("predict", "--model", Psdk.SampleModel, "--input", TempPath("nope.csv"));
        Assert.DoesNotContain("   at ", quiet.Err, StringComparison.Ordinal);
        var verbose = await Psdk.RunAsync("predict", "--model", Psdk.SampleModel, "--input", TempPath("nope.csv"), "--verbose");
        Assert.Equal(4, verbose.Exit);
        Assert.StartsWith("error: ", verbose.Err, StringComparison.Ordinal);
        Assert.Contains("   at ", verbose.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_is_bad_input()
    {
        var (exit, _, error) = await Psdk.RunAsync("predict", "--modle", "x");
        Assert.Equal(2, exit);
        Assert.Contains("error: Unrecognized command or argument '--modle'", error, StringComparison.Ordinal);
        Assert.Contains("psdk predict --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Exceptions_map_to_the_documented_exit_codes()
    {
        Assert.Equal(1, CommandErrors.Classify(new InvalidOperationException("boom")).ExitCode);
        Assert.Equal(2, CommandErrors.Classify(new ArgumentOutOfRangeException("horizon", 3, "no such horizon")).ExitCode);
        Assert.Equal("no such horizon", CommandErrors.Classify(new ArgumentOutOfRangeException("horizon", 3, "no such horizon")).Message);
        Assert.Equal(2, CommandErrors.Classify(new CandleFormatException("bad", "f.csv", 3)).ExitCode);
        Assert.Equal(3, CommandErrors.Classify(new PredictionSdk.Models.ModelLoadException("m.psdk", "truncated")).ExitCode);
        Assert.Equal(4, CommandErrors.Classify(new UnauthorizedAccessException("denied")).ExitCode);
        Assert.Equal(130, CommandErrors.Classify(new OperationCanceledException()).ExitCode);
    }
}
