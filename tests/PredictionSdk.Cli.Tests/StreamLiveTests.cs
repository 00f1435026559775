using System.Diagnostics;
using System.Text.Json;
using PredictionSdk.Data.Tests.Exchanges.Binance;
using PredictionSdk.Data.Tests.Exchanges.Fakes;
using Xunit.Abstractions;

namespace PredictionSdk.Cli.Tests;

/// <summary><c>psdk stream --exchange binance</c> with default options against a loopback fake of Binance.</summary>
public sealed class StreamLiveTests(ITestOutputHelper output)
{
    private const int History = 4000;
    private const int LiveBars = 40;

    [Fact]
    public async Task Predicts_within_seconds_of_start_then_every_live_minute_exactly_once_across_drops()
    {
        var btc = Symbol.Parse("BTC-USDT");
        await using var fake = await FakeBinanceServer.StartAsync(new CandleTape([btc], History + LiveBars));
        fake.Tape.Cursor = History; // 4,000 closed minutes on REST; the socket streams from minute 4,000 on
        fake.Step = TimeSpan.FromMilliseconds(25);
        fake.Faults.At(History + 8, Fault.Drop).At(History + 22, Fault.Drop | Fault.Duplicate);
        fake.Server.RestFailures.Enqueue(429);
        DateTime last = fake.Tape.Start.AddMinutes(History + LiveBars - 1);

        var stdout = new LineCapture();
        var stderr = new LineCapture();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var run = Psdk.RunAsync(stdout, stderr, stop.Token, "stream", "--exchange", "binance", "--symbols", "BTC-USDT", "--model", Psdk.Model,
            "--ws-url", fake.Server.WebSocketBase.ToString().TrimEnd('/'), "--rest-url", fake.Server.HttpBase.ToString());

        TimeSpan? first = null;
        while (!run.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            var lines = stdout.Lines;
            first ??= lines.Count > 0 ? clock.Elapsed : null;
            if (Parse(lines).Count(p => p.Time == last) == 2)
            {
                break;
            }

            await Task.Delay(20);
        }

        await stop.CancelAsync();
        int exit = await run.WaitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"first prediction {first?.TotalMilliseconds:F0} ms after start; {stderr}");
        Assert.True(exit == 0, stderr.ToString());
        Assert.NotNull(first);
        Assert.True(first < TimeSpan.FromSeconds(10), $"first prediction after {first}");
        var predictions = Parse(stdout.Lines);

        // The first prediction is made from the newest history bar: the model was warmed up, not waiting for live bars.
        Assert.Equal(fake.Tape.Start.AddMinutes(History - 1), predictions[0].Time);

        // From there on every minute, those missed during the drops included, has exactly one prediction per horizon.
        var minutes = Enumerable.Range(History - 1, LiveBars + 1).Select(m => fake.Tape.Start.AddMinutes(m)).ToList();
        foreach (int horizon in new[] { 1, 5 })
        {
            Assert.Equal(minutes, predictions.Where(p => p.Horizon == horizon).Select(p => p.Time));
        }

        Assert.All(predictions, p => Assert.Equal(fake.Tape.Bars[btc][(int)(p.Time - fake.Tape.Start).TotalMinutes].Close, p.Price, 6));
        Assert.True(fake.Server.WebSocketConnections >= 3, $"{fake.Server.WebSocketConnections} connections");
        Assert.Contains("drops 0", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warm_up_none_fetches_no_history_and_the_model_cannot_predict_from_a_few_live_minutes()
    {
        var btc = Symbol.Parse("BTC-USDT");
        await using var fake = await FakeBinanceServer.StartAsync(new CandleTape([btc], History + LiveBars));
        fake.Tape.Cursor = History;
        fake.Step = TimeSpan.FromMilliseconds(25);

        var stdout = new LineCapture();
        var stderr = new LineCapture();
        using var stop = new CancellationTokenSource();
        var run = Psdk.RunAsync(stdout, stderr, stop.Token, "stream", "--exchange", "binance", "--symbols", "BTC-USDT", "--model", Psdk.Model, "--warm-up", "none",
            "--ws-url", fake.Server.WebSocketBase.ToString().TrimEnd('/'), "--rest-url", fake.Server.HttpBase.ToString());

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!run.IsCompleted && fake.Tape.Cursor < fake.Tape.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(500);
        await stop.CancelAsync();
        int exit = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, stderr.ToString());
        Assert.Equal(fake.Tape.Count, fake.Tape.Cursor);
        Assert.Empty(stdout.Lines);
        Assert.Contains("predictions 0", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("warm-up bars 0", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, fake.Server.RestCalls);
    }

    private static List<(DateTime Time, int Horizon, double Price)> Parse(IReadOnlyList<string> lines)
    {
        var predictions = new List<(DateTime, int, double)>();
        foreach (string line in lines)
        {
            var p = PredictionJson.Deserialize(line);
            predictions.Add((p.Timestamp, p.Horizon, p.CurrentPrice));
        }

        return predictions;
    }
}
