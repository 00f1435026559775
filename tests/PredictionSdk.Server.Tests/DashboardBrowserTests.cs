using System.Diagnostics;
using Xunit.Abstractions;

namespace PredictionSdk.Server.Tests;

/// <summary>
/// The dashboard in headless Chromium (Debian's chromium, driven by playwright-core): the page loads, candles and
/// predictions arrive over the WebSocket, the theme switch works, and a screenshot is kept in artifacts/e2e/; with an
/// API key, the dashboard asks for it, refuses a wrong one and keeps the right one for the session.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [BrowserFact]
    public async Task Dashboard_shows_live_candles_and_predictions_and_switches_theme()
    {
        using var factory = new ServerFactory();
        factory.Settings["PredictionSdk:Feeds:Replay:Speed"] = "120";
        factory.Settings["PredictionSdk:Stream:ModelPath"] = ServerFactory.TestModel;
        await RunScriptAsync(factory, "dashboard.png");
    }

    [BrowserFact]
    public async Task Dashboard_asks_for_the_api_key_keeps_it_for_the_session_and_streams_with_it()
    {
        using var factory = new ServerFactory();
        factory.Settings["PredictionSdk:Feeds:Replay:Speed"] = "120";
        factory.Settings["PredictionSdk:Stream:ModelPath"] = ServerFactory.TestModel;
        factory.Settings["Server:ApiKey"] = "dashboard-key/with+odd=chars";
        await RunScriptAsync(factory, "dashboard-api-key.png", "dashboard-key/with+odd=chars");
    }

    private async Task RunScriptAsync(ServerFactory factory, string screenshotName, params string[] extra)
    {
        string url = factory.StartOnLoopback().ToString();
        string screenshot = Path.Combine(BrowserFactAttribute.RepositoryRoot, "artifacts", "e2e", screenshotName);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        var start = new ProcessStartInfo("node", ["dashboard.e2e.mjs", url, screenshot, .. extra])
        {
            WorkingDirectory = BrowserFactAttribute.ScriptDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CHROMIUM_PATH"] = Chromium;
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);

        Assert.Equal(0, node.ExitCode);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot was not written");
    }
}

/// <summary>Runs when Chromium and the e2e script's packages are installed; on CI their absence is a failure, elsewhere a visible skip.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        string? missing = !File.Exists("/usr/bin/chromium") ? "Debian's chromium (/usr/bin/chromium)"
            : !Directory.Exists(Path.Combine(ScriptDirectory, "node_modules", "playwright-core")) ? "playwright-core (run npm ci in tests/PredictionSdk.Server.Tests/e2e)"
            : null;
        if (missing is not null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"Browser test needs {missing}.";
        }
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public static string ScriptDirectory => Path.Combine(RepositoryRoot, "tests", "PredictionSdk.Server.Tests", "e2e");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PredictionSdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PredictionSdk.sln not found above the test folder.");
    }
}
