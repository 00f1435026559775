using PredictionSdk.Data.Exchanges.Binance;
using PredictionSdk.Data.Tests.Exchanges.Binance;
using PredictionSdk.Data.Tests.Exchanges.Fakes;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

/// <summary>The whole stream over the Binance adapter and its loopback fake exchange.</summary>
public sealed class LiveFeedTests
{
    private const int Bars = 16;

    [Fact]
    public async Task A_dropped_connection_leaves_no_hole_and_no_duplicate_in_the_stream()
    {
        Symbol[] symbols = [FeedTest.Btc, FeedTest.Eth];
        await using var fake = await FakeBinanceServer.StartAsync(new CandleTape(symbols, Bars + 4));
        fake.Faults.At(5, Fault.Drop).At(9, Fault.Duplicate);
        using var source = new BinanceCandleSource(FeedTest.Fast(new BinanceFeedOptions(), fake.Server.HttpBase, fake.Server.WebSocketBase));
        var options = StreamFactory.Options("BTC-USDT", "ETH-USDT");
        options.Subscriber.FullMode = StreamFullMode.Wait;
        await using var stream = StreamFactory.Create([source], options, s => new FakePredictor(s));
        var predictions = new List<Prediction>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DateTime last = fake.Tape.Start.AddMinutes(Bars - 1);
        var all = stream.ReadAllAsync(); // subscribes now, before the start
        var reader = Task.Run(async () =>
        {
            await foreach (var p in all)
            {
                predictions.Add(p);
                if (symbols.All(s => predictions.Any(x => x.Symbol == s && x.Timestamp >= last)))
                {
                    done.TrySetResult();
                }
            }
        });

        await stream.StartAsync();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stream.StopAsync();
        await reader;

        foreach (var symbol in symbols)
        {
            var times = predictions.Where(p => p.Symbol == symbol).Select(p => p.Timestamp).ToList();
            var expected = Enumerable.Range(0, times.Count).Select(i => times[0].AddMinutes(i)).ToList();
            Assert.Equal(expected, times);
            Assert.Equal(fake.Tape.Bars[symbol][(int)(times[^1] - fake.Tape.Start).TotalMinutes].Close, predictions.Last(p => p.Symbol == symbol).CurrentPrice);
        }

        Assert.True(stream.Statistics.Reconnects >= 1, stream.Statistics.ToString());
        Assert.Equal(0, stream.Statistics.TotalDrops);
    }
}
