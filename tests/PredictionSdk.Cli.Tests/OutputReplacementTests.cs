using System.Diagnostics;
using PredictionSdk.Data;

namespace PredictionSdk.Cli.Tests;

/// <summary>
/// Every file a command writes replaces the old file by a rename instead of being rewritten in place. A second name
/// (a hard link) for the old file tells the two apart: after a rename it still reads the old content; rewritten in
/// place it would read the new one — or, had the command been killed midway, a part of it.
/// </summary>
public sealed class OutputReplacementTests : IDisposable
{
    private const string OldContent = "old content, kept until the new file is complete\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-replace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("out.csv", "data", "resample", "--input", "SMALL", "--interval", "5m", "--output", "OUT")]
    [InlineData("out.csv.gz", "data", "validate", "--input", "SMALL", "--output", "OUT")]
    [InlineData("out.parquet", "data", "resample", "--input", "SMALL", "--interval", "15m", "--output", "OUT")]
    [InlineData("out.csv", "indicators", "--input", "SMALL", "--output", "OUT")]
    [InlineData("report.json", "baselines", "--input", "SMALL", "--symbol", "BTC-USDT", "--horizon", "1", "--folds", "2", "--json-out", "OUT")]
    [InlineData("simulation.json", "simulate", "--input", "BTC", "--model", "MODEL", "--max-bars", "600", "--json-out", "OUT")]
    [InlineData("calibrated.psdk", "calibrate", "--model", "MODEL", "--input", "BTC", "--output", "OUT")]
    public async Task The_output_replaces_the_old_file_instead_of_being_written_into_it(string outputName, params string[] args)
    {
        string output = Path.Combine(_dir, outputName);
        await File.WriteAllTextAsync(output, OldContent);
        string secondName = Path.Combine(_dir, "second-name-of-the-old-file");
        await HardLinkAsync(output, secondName);
        string small = Path.Combine(_dir, "small.csv");
        await CandleFile.WriteAsync(small, (await CandleFile.ReadAllAsync(Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"))).Take(3_000).ToList());
        var resolved = args.Select(a => a switch
        {
            "SMALL" => small,
            "BTC" => Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"),
            "MODEL" => Psdk.SampleModel,
            "OUT" => output,
            _ => a,
        }).ToArray();

        var (exit, _, error) = await Psdk.RunAsync(resolved);

        Assert.True(exit == 0, error);
        Assert.Equal(OldContent, await File.ReadAllTextAsync(secondName));
        byte[] now = await File.ReadAllBytesAsync(output);
        Assert.True(now.Length > 0);
        Assert.NotEqual(OldContent, System.Text.Encoding.UTF8.GetString(now));
        Assert.DoesNotContain(Directory.GetFiles(_dir), f => Path.GetFileName(f).EndsWith(".tmp", StringComparison.Ordinal));
    }

    private static async Task HardLinkAsync(string existing, string link)
    {
        using var ln = Process.Start(new ProcessStartInfo("ln", [existing, link]) { UseShellExecute = false })!;
        await ln.WaitForExitAsync();
        Assert.Equal(0, ln.ExitCode);
    }
}
