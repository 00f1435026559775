using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using PredictionSdk.Streaming;

namespace PredictionSdk.Orleans.Tests;

/// <summary>
/// A real two-silo cluster in this process: the client API delivers each symbol's closed bars with their indicators, and
/// the outcomes of its predictions.
/// </summary>
[Collection(ClusterRuns.Name)]
public sealed class ClusterBarTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.DeployAsync(2);

    public Task DisposeAsync() => TestClusters.StopAsync(_cluster);

    [Fact]
    public async Task The_client_reads_every_live_bar_of_each_symbol_once_in_order_with_its_indicators()
    {
        var client = _cluster.Client.ServiceProvider.GetRequiredService<PredictionClusterClient>();
        Symbol[] symbols = [Symbol.Parse("BTC-USDT"), Symbol.Parse("ETH-USDT")];
        var received = symbols.ToDictionary(s => s, _ => new List<IndicatorUpdate>());
        var done = symbols.ToDictionary(s => s, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var outcomes = symbols.ToDictionary(s => s, _ => new System.Collections.Concurrent.ConcurrentQueue<PredictionOutcome>());
        var predictions = new System.Collections.Concurrent.ConcurrentDictionary<(Symbol, DateTime, int), Prediction>();
        await using var predicted = await client.SubscribeAsync(symbols, (p, _) =>
        {
            predictions[(p.Symbol, p.Timestamp, p.Horizon)] = p;
            return default;
        });
        await using var scored = await client.SubscribeOutcomesAsync(symbols, (o, _) =>
        {
            outcomes[o.Prediction.Symbol].Enqueue(o);
            return default;
        });

        // Calls for one symbol come one at a time, so each list has one writer.
        await using (await client.SubscribeBarsAsync(symbols, (bar, _) =>
        {
            received[bar.Symbol].Add(bar);
            if (bar.Timestamp == ClusterData.Series[bar.Symbol][^1].Timestamp)
            {
                done[bar.Symbol].TrySetResult();
            }

            return default;
        }))
        {
            await client.StartAsync(symbols);
            await Task.WhenAll(done.Values.Select(d => d.Task)).WaitAsync(TimeSpan.FromSeconds(60));
        }

        // The outcomes come on their own subscription: wait for those the last bar settled.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!symbols.All(s => outcomes[s].Any(o => o.Prediction.TargetTime == ClusterData.Series[s][^1].Timestamp + Interval.OneMinute.Duration)))
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the outcomes of the last bar");
            await Task.Delay(50);
        }

        foreach (var symbol in symbols)
        {
            var file = ClusterData.Series[symbol].ToDictionary(c => c.Timestamp);
            var bars = received[symbol];
            var live = bars.Where(b => b.Timestamp >= ClusterData.LiveFrom(symbol)).ToArray();
            Assert.Equal(ClusterData.LiveBars, live.Length);
            for (int i = 1; i < bars.Count; i++)
            {
                Assert.True(bars[i].Timestamp > bars[i - 1].Timestamp, $"{symbol}: bar {bars[i].Timestamp:u} after {bars[i - 1].Timestamp:u}");
            }

            foreach (var bar in bars)
            {
                Assert.True(bar.Update.IsFinal);
                Assert.Equal(Interval.OneMinute, bar.Update.Interval);
                var expected = file[bar.Timestamp];
                Assert.Equal((expected.Open, expected.High, expected.Low, expected.Close, expected.Volume),
                    (bar.Update.Candle.Open, bar.Update.Candle.High, bar.Update.Candle.Low, bar.Update.Candle.Close, bar.Update.Candle.Volume));
            }

            // Past the warm-up the indicators are there: the pipeline's, carried with the bar.
            Assert.All(live, bar => Assert.NotNull(bar.Values.Rsi));
            Assert.All(live, bar => Assert.NotNull(bar.Values.BollingerUpper));

            // Outcomes: the published predictions, each scored once against the close of its target bar.
            var scoredHere = outcomes[symbol].ToArray();
            Assert.True(scoredHere.Length >= ClusterData.LiveBars / 2, $"{symbol}: only {scoredHere.Length} outcomes");
            Assert.Equal(scoredHere.Length, scoredHere.Select(o => (o.Prediction.Timestamp, o.Prediction.Horizon)).Distinct().Count());
            foreach (var outcome in scoredHere)
            {
                var p = outcome.Prediction;
                Assert.True(predictions.ContainsKey((symbol, p.Timestamp, p.Horizon)), $"{symbol}: outcome of {p.Timestamp:u} +{p.Horizon}, never published");
                Assert.Equal(file[p.TargetTime - Interval.OneMinute.Duration].Close, outcome.RealizedPrice);
            }
        }
    }
}
