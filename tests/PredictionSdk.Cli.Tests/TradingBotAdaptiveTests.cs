using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PredictionSdk.Cli.Tests;

/// <summary>
/// The TradingBot sample with <c>--adaptive</c>, as a user runs it, on a short offline replay of the bundled BTC bars:
/// the served model's outcomes reach the drift detectors, a scheduled retrain trains a challenger from the bars the bot
/// recorded, the challenger runs in shadow and the promotion rule is evaluated on its paired minutes.
/// </summary>
public partial class TradingBotAdaptiveTests
{
    [Fact]
    public async Task Adaptive_replay_monitors_drift_retrains_a_challenger_and_evaluates_it()
    {
        string folder = Directory.CreateTempSubdirectory("psdk-tradingbot-").FullName;
        try
        {
            string model = Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk");
            var run = await RunBotAsync(folder, TimeSpan.FromMinutes(10),
                "--adaptive",
                $"--PredictionSdk:Stream:ModelPath={model}",
                "--PredictionSdk:Feeds:Replay:To=2024-01-04T12:00:00Z",
                "--PredictionSdk:Adaptive:Retrain:Every=2.00:00:00",
                "--PredictionSdk:Adaptive:Retrain:MinInterval=2.00:00:00",
                "--PredictionSdk:Adaptive:Retrain:TrainingWindow=2.00:00:00",
                "--PredictionSdk:Adaptive:Promotion:MinSamples=600",
                "--Adaptive:Training:Epochs=1",
                $"--Adaptive:Training:CandleDatabase={Path.Combine(folder, "bars.db")}");
            Assert.True(run.ExitCode == 0, run.Output);

            var adaptive = AdaptiveLine().Match(run.Output);
            Assert.True(adaptive.Success, run.Output);
            long observations = long.Parse(adaptive.Groups["observed"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

            // 3.5 days replayed, the model predicting from its first ready bar: thousands of scored minutes per signal.
            Assert.True(observations > 3_000, run.Output);
            Assert.True(int.Parse(adaptive.Groups["ok"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, run.Output);
            Assert.Matches(@"BTC-USDT Schedule retrain Succeeded → \S+ on 2,8\d\d bars", run.Output);

            // The challenger was judged on paired minutes: at least one evaluation of the promotion rule beyond "too few".
            Assert.Matches(@"decisions [^\n]*(Keep|Promote) \d+", run.Output);
            Assert.True(File.Exists(Path.Combine(folder, "bars.db")), "the recorded bars were not kept where asked");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"Adaptive: (?<observed>[\d,]+) drift-detector observations, \d+ drift alarms, (?<ok>\d+) retrains succeeded")]
    private static partial Regex AdaptiveLine();

    private static async Task<(int ExitCode, string Output)> RunBotAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        // bin/<Configuration>/net10.0 of this test project → the sample's output of the same configuration.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = here.Parent!.Name, framework = here.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PredictionSdk.sln")))
        {
            root = root.Parent;
        }

        string dll = Path.Combine(root!.FullName, "samples", "TradingBot", "bin", configuration, framework, "TradingBot.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await child.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"TradingBot {string.Join(' ', args)} did not finish in {timeout}: {await output}{await errors}");
        }

        return (child.ExitCode, await output + await errors);
    }
}
