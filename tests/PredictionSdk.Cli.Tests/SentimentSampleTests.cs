using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PredictionSdk.Models;

namespace PredictionSdk.Cli.Tests;

/// <summary>
/// The Sentiment sample as a user runs it: one process trains a model with a news series and a custom feature, a
/// fresh process registers the feature, polls the feed from a loopback RSS server and streams predictions; this
/// process, where the feature is not registered, cannot load the bundle and is told which feature is missing.
/// </summary>
public class SentimentSampleTests
{
    [Fact]
    public async Task Trains_with_news_and_a_custom_feature_then_streams_in_a_fresh_process_from_a_loopback_feed()
    {
        string folder = Directory.CreateTempSubdirectory("psdk-sentiment-").FullName;
        string model = Path.Combine(folder, "m.psdk");
        string feedFile = Path.Combine(folder, "headlines.xml");
        try
        {
            var train = await RunSampleAsync(folder, TimeSpan.FromMinutes(8), "train", "--model", model, "--feed-out", feedFile);
            Assert.True(train.ExitCode == 0, train.Output);
            Assert.Contains("ridge/logistic h1 direction accuracy", train.Output);
            Assert.Contains("+ news + close_vs_mean", train.Output);
            Assert.Contains("close_vs_mean_dist", train.Output);
            Assert.True(File.Exists(model));

            // Serve the feed the training read over HTTP, as a news site would.
            int port = FreePort();
            using var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            int requests = 0;
            using var serving = new CancellationTokenSource();
            var server = Task.Run(async () =>
            {
                byte[] body = await File.ReadAllBytesAsync(feedFile);
                while (!serving.IsCancellationRequested)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await listener.GetContextAsync();
                    }
                    catch (Exception) when (serving.IsCancellationRequested)
                    {
                        return;
                    }

                    Interlocked.Increment(ref requests);
                    context.Response.ContentType = "application/rss+xml";
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });

            var stream = await RunSampleAsync(folder, TimeSpan.FromMinutes(3), "stream", "--model", model, "--feed", $"http://127.0.0.1:{port}/news.rss", "--predictions", "3");
            await serving.CancelAsync();
            listener.Stop();
            Assert.True(stream.ExitCode == 0, stream.Output);
            var lines = stream.Output.Split('\n').Where(l => l.StartsWith("{\"schema_version\"", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, lines.Count);
            Assert.All(lines, l => Assert.Contains("\"symbol\":\"BTC-USD\"", l));
            Assert.True(requests >= 1, "the stream never polled the feed");

            // Here the feature is not registered: the bundle refuses to load, naming it.
            var error = await Assert.ThrowsAsync<ModelLoadException>(() => StockCryptoPredictor.LoadAsync(model));
            Assert.Contains("close_vs_mean", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> RunSampleAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        // bin/<Configuration>/net10.0 of this test project → the sample's output of the same configuration.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = here.Parent!.Name, framework = here.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PredictionSdk.sln")))
        {
            root = root.Parent;
        }

        string dll = Path.Combine(root!.FullName, "samples", "Sentiment", "bin", configuration, framework, "Sentiment.dll");
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
            throw new TimeoutException($"Sentiment {string.Join(' ', args)} did not finish in {timeout}: {await output}{await errors}");
        }

        return (child.ExitCode, await output + await errors);
    }
}
