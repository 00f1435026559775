using System.Collections.Concurrent;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

/// <summary>Promotions land between two bars while a many-symbol stream runs flat out.</summary>
[Collection(nameof(ModelStageTests))]
public class SwapUnderLoadTests
{
    [Fact]
    public async Task Swaps_during_a_busy_stream_lose_no_prediction_double_none_and_never_serve_an_unwarmed_model()
    {
        const int minutes = 1_200;
        const int symbolCount = 40;
        var names = Enumerable.Range(0, symbolCount).Select(i => $"S{i:00}-USD").ToArray();
        var walks = names.ToDictionary(n => Symbol.Parse(n), n => new Walk(minutes, seed: n.GetHashCode(StringComparison.Ordinal)));
        var options = new AdaptiveLearningOptions
        {
            EvaluateEvery = 10,
            RollbackWatch = 5_000,
            Promotion = { MinSamples = 150, RollbackWindow = 100 },
            Retrain = { OnDrift = false },
        };
        using var learning = new AdaptiveLearning(options, Interval.OneMinute);
        var swaps = new ConcurrentQueue<ModelSwap>();
        learning.Swapped += (_, s) => swaps.Enqueue(s);
        var streamOptions = StreamFactory.Options(names);
        streamOptions.WarmUpBars = 0;
        streamOptions.Subscriber.FullMode = StreamFullMode.Wait;
        streamOptions.Subscriber.Capacity = 64;
        streamOptions.Input.FullMode = StreamFullMode.Wait;
        streamOptions.Output.FullMode = StreamFullMode.Wait;
        var source = new WalkSource(walks, minutes, onMinute: m =>
        {
            // Challengers arrive from the source's thread while the workers predict: the loop queues them for the next bar.
            if (m == 200)
            {
                foreach (var (symbol, walk) in walks)
                {
                    // It needs 30 bars before it can predict: it is warmed from the bars kept, so the swap never waits on it.
                    learning.AddChallenger(symbol, "v2", new ScriptedPredictor(symbol, walk, accuracy: 0.75, seed: 3, requiredHistory: 30));
                }
            }
        });
        await using var stream = new RealTimeStream([source], streamOptions, null, (symbol, _) => learning.CreatePredictor(symbol, "v1", new ScriptedPredictor(symbol, walks[symbol], 0.5, 1)));
        stream.AddOutcomeObserver(learning);
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        var served = await predictions;

        Assert.Equal(symbolCount, learning.Promotions);
        Assert.Equal(symbolCount, swaps.Count);
        var firstBar = swaps.ToDictionary(s => s.Symbol, s => s.FirstBar);
        foreach (var symbol in walks.Keys)
        {
            var own = served.Where(p => p.Symbol == symbol).ToList();

            // One prediction per bar, in order: none lost, none doubled.
            Assert.Equal(Enumerable.Range(0, minutes).Select(m => Bars.Start.AddMinutes(m)), own.Select(p => p.Timestamp));

            // The switch happens at one bar: v1 before, v2 from it on, never a mix. The source runs ahead of the workers,
            // so a challenger may join before the workers reach minute 200; it still needs 150 paired minutes first.
            Assert.InRange(firstBar[symbol], Bars.Start.AddMinutes(150), Bars.Start.AddMinutes(minutes - 1));
            Assert.All(own, p => Assert.Equal(p.Timestamp < firstBar[symbol] ? "v1" : "v2", p.ModelVersion));
        }

        Assert.Equal(0, stream.Statistics.PredictionErrors);
        Assert.Equal(0, stream.Statistics.TotalDrops);
    }

    /// <summary>Closed bars of several seeded walks, minute by minute.</summary>
    private sealed class WalkSource(Dictionary<Symbol, Walk> walks, int minutes, Action<int> onMinute) : ICandleSource
    {
        public string Name => "fake";

        public async IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (int m = 0; m < minutes; m++)
            {
                onMinute(m);
                foreach (var symbol in symbols)
                {
                    yield return walks[symbol].Final(symbol, m);
                }

                if (m % 50 == 0)
                {
                    await Task.Yield();
                }
            }
        }

        public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Candle>>([]);
    }
}
