using System.Diagnostics;
using System.Text;

namespace PredictionSdk.Models.Tests.Trimming;

/// <summary>
/// SLOW (minutes: it builds three projects in Release and trims; bounded at 15 for the publish and 1 for the run):
/// publishes the predict-only consumer (<c>tests/infrastructure/consumer/PredictOnly.cs</c>: Core + Indicators + Models by project reference) with
/// <c>PublishTrimmed=true -r linux-x64</c>, then runs the trimmed app on the bundled model. Skip it with
/// <c>--filter "Category!=Slow"</c>.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TrimmedPublishTests
{
    private static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_trimmed_predict_only_app_publishes_without_trim_warnings_from_the_sdk_and_predicts()
    {
        string repo = RepoRoot();
        string work = Path.Combine(Path.GetTempPath(), "psdk-trimmed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            // Outside the repository, so none of its Directory.*.props apply to the app itself.
            foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            {
                await File.WriteAllTextAsync(Path.Combine(work, file), "<Project />\n");
            }

            string Reference(string project) => $"    <ProjectReference Include=\"{Path.Combine(repo, "src", project, project + ".csproj")}\" />";
            await File.WriteAllTextAsync(Path.Combine(work, "PredictOnly.csproj"), string.Join('\n',
                "<Project Sdk=\"Microsoft.NET.Sdk\">",
                "  <PropertyGroup>",
                "    <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable>",
                "    <PublishTrimmed>true</PublishTrimmed><SelfContained>true</SelfContained><TrimmerSingleWarn>false</TrimmerSingleWarn>",
                "  </PropertyGroup>",
                "  <ItemGroup>",
                Reference("PredictionSdk.Core"),
                Reference("PredictionSdk.Indicators"),
                Reference("PredictionSdk.Models"),
                "  </ItemGroup>",
                "</Project>",
                string.Empty));
            File.Copy(Path.Combine(repo, "tests", "infrastructure", "consumer", "PredictOnly.cs"), Path.Combine(work, "Program.cs"));

            // Its own artifacts folder keeps the referenced projects' Release/linux-x64 outputs out of the repository's obj folders.
            string output = Path.Combine(work, "out");
            var publish = await RunAsync("dotnet", ["publish", Path.Combine(work, "PredictOnly.csproj"), "-c", "Release", "-r", "linux-x64", "-p:PublishTrimmed=true", "--artifacts-path", Path.Combine(work, "artifacts"), "-o", output, "-nologo"], work, PublishLimit);
            Assert.True(publish.ExitCode == 0, "publish failed:\n" + publish.Output);
            var sdkWarnings = publish.Output.Split('\n')
                .Where(line => line.Contains("warning IL", StringComparison.Ordinal) && line.Contains("PredictionSdk", StringComparison.Ordinal))
                .Distinct()
                .ToArray();
            Assert.True(sdkWarnings.Length == 0, "trim warnings from the SDK:\n" + string.Join('\n', sdkWarnings));

            string bundle = Path.Combine(repo, "samples", "models", "btc-tiny-hybrid.psdk");
            string bars = Path.Combine(repo, "samples", "data", "BTCUSDT-1m-2024-01.csv.gz");
            var run = await RunAsync(Path.Combine(output, "PredictOnly"), [bundle, bars], work, RunLimit);
            Assert.True(run.ExitCode == 0, "the trimmed app failed:\n" + run.Output);
            Assert.Contains("predicted ", run.Output, StringComparison.Ordinal);
            Assert.Contains("confidence", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string folder, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', arguments.Take(1))} did not finish within {limit}.");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PredictionSdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (PredictionSdk.sln) was not found.");
    }
}
