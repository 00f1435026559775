using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using PredictionSdk.Streaming;

namespace PredictionSdk.Orleans.Tests;

/// <summary>A real two-silo cluster in this process: the client API delivers each symbol's closed bars with their indicators.</summary>
[Collection(ClusterRuns.Name)]
public sealed class ClusterBarTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        PredictionSdk.Cluster.ProcessGrainStorage.Clear();
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task The_client_reads_every_live_bar_of_each_symbol_once_in_order_with_its_indicators()
    {
        var client = _cluster.Client.ServiceProvider.GetRequiredService<PredictionClusterClient>();
        Symbol[] symbols = [Symbol.Parse("BTC-USDT"), Symbol.Parse("ETH-USDT")];
        var received = symbols.ToDictionary(s => s, _ => new List<IndicatorUpdate>());
        var done = symbols.ToDictionary(s => s, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
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
        }
    }
}
