using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PredictionSdk.Orleans.Tests;

/// <summary>
/// The cluster demo with three silo processes on loopback that find each other through the PostgreSQL membership
/// table: the silo hosting most symbols is killed (a process kill, no shutdown) and the others take its symbols over.
/// </summary>
[Collection(ClusterRuns.Name)]
public sealed class MultiProcessClusterTests
{
    [PostgresFact]
    public async Task Three_silo_processes_survive_a_killed_silo_without_duplicates_and_within_the_warm_up_gap()
    {
        string input = Directory.CreateTempSubdirectory("psdk-cluster-").FullName;
        try
        {
            // Three symbols of one-minute bars without market-hours holes.
            foreach (string file in new[] { "BTCUSDT-1m-2024-01.csv.gz", "ETHUSDT-1m-2024-01.csv.gz", "NEARUSDT-1m-2023-02-01.csv.gz" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, "data", file), Path.Combine(input, file));
            }

            // 1,500 bars at 1,800× market speed: about 50 s of live bars, with the kill 20 s after the symbols start.
            var result = await RunDemoAsync(
                TimeSpan.FromMinutes(5),
                "--clustering", "postgres", "--connection", PostgresFactAttribute.ConnectionString!, "--silos", "3",
                "--input", input, "--bars", "1500", "--speed", "1800", "--kill-one-after", "20s", "--idle-timeout", "60s",
                "--base-port", FreePortBase().ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(3, result.GetProperty("silos").GetInt32());
            Assert.Equal(3, result.GetProperty("symbols").GetInt32());
            Assert.True(result.GetProperty("moved_symbols").GetInt32() >= 1, $"the killed silo hosted no symbol: {result}");
            Assert.Equal(0, result.GetProperty("duplicates").GetInt32());
            // Every symbol, moved or not, kept predicting to the end of its file.
            Assert.Equal(3, result.GetProperty("completed_symbols").GetInt32());
            // The model's 300-bar warm-up bounds the gap of a moved symbol.
            Assert.InRange(result.GetProperty("max_gap_minutes_after_failover").GetDouble(), 0, 300);
        }
        finally
        {
            Directory.Delete(input, recursive: true);
        }
    }

    // Silo ports are base..base+2 and gateways base+100..base+102: probe a base whose first ports are free now.
    private static int FreePortBase()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        return Math.Clamp(port, 20_000, 60_000);
    }

    private static async Task<JsonElement> RunDemoAsync(TimeSpan timeout, params string[] args)
    {
        // bin/<Configuration>/net10.0 of this test project → the demo's output of the same configuration.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = here.Parent!.Name, framework = here.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PredictionSdk.sln")))
        {
            root = root.Parent;
        }

        string dll = Path.Combine(root!.FullName, "samples", "Cluster", "bin", configuration, framework, "psdk-cluster.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var demo = Process.Start(start)!;
        var output = demo.StandardOutput.ReadToEndAsync();
        var errors = demo.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await demo.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            demo.Kill(entireProcessTree: true);
            throw new TimeoutException($"the cluster demo did not finish in {timeout}: {await output}{await errors}");
        }

        string json = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        Assert.True(demo.ExitCode == 0 && json.StartsWith('{'), $"exit {demo.ExitCode}: {json}\n{await errors}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
