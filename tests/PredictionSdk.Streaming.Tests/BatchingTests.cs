using PredictionSdk.Models;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

[Collection(nameof(ModelStageTests))]
public class BatchingTests
{
    private static readonly string Bundle = Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk");

    [Fact]
    public async Task Batched_stream_predicts_every_symbol_bit_for_bit_as_the_unbatched_stream_in_the_same_order()
    {
        var names = Enumerable.Range(0, 25).Select(i => $"S{i}-USD").ToArray();
        var (unbatched, off) = await RunAsync(names, batching: false);
        var (batched, on) = await RunAsync(names, batching: true);
        Assert.Equal(0, off.PredictionBatches);

        // The generated source writes whole minutes at once, so the workers find many closes queued together.
        Assert.True(on.PredictionBatches > 0 && on.BatchedPredictions > 2 * on.PredictionBatches, $"{on.BatchedPredictions} predictions in {on.PredictionBatches} batches");

        Assert.True(unbatched.Count > 25 * 100, $"only {unbatched.Count} predictions");
        foreach (string name in names)
        {
            var symbol = Symbol.Parse(name);
            Assert.Equal(unbatched.Where(p => p.Symbol == symbol), batched.Where(p => p.Symbol == symbol));
        }
    }

    [Fact]
    public async Task Grain_style_hosts_awaiting_one_batcher_get_the_events_of_predicting_alone()
    {
        const int symbols = 7, minutes = 230;
        using var models = BundlePredictors.Open(Bundle);
        var source = new GeneratedSource(0);
        var batcher = new PredictionBatcher(new PredictionBatchingOptions { MaxBatchSize = 4, MaxDelay = TimeSpan.FromMilliseconds(1) });
        var alone = new List<PipelineEvent>[symbols];
        var viaBatcher = new List<PipelineEvent>[symbols];
        var hosts = Enumerable.Range(0, symbols).Select(s => Task.Run(async () =>
        {
            var symbol = Symbol.Parse($"S{s}-USD");
            var options = new SymbolPipelineOptions { WarmUpBars = 0 };
            using var plain = new SymbolPipeline(symbol, Interval.OneMinute, options, models.Create(symbol, Interval.OneMinute));
            using var deferring = new SymbolPipeline(symbol, Interval.OneMinute, options, models.Create(symbol, Interval.OneMinute)) { DeferPredictions = true };
            alone[s] = [];
            viaBatcher[s] = [];
            for (int m = 0; m < minutes; m++)
            {
                var update = new CandleUpdate(symbol, Interval.OneMinute, Bars.At(m, Bars.PriceOf(m + s)), IsFinal: true, source.Name);
                await plain.ProcessAsync(update, source, alone[s]);
                await deferring.ProcessAsync(update, source, viaBatcher[s]);
                await batcher.PredictAsync(deferring);
                Assert.False(deferring.HasPendingPrediction);
            }
        })).ToArray();
        await Task.WhenAll(hosts).WaitAsync(TimeSpan.FromSeconds(60));

        for (int s = 0; s < symbols; s++)
        {
            Assert.Contains(alone[s], e => e.Kind == PipelineEventKind.Prediction);
            Assert.Equal(alone[s].Select(e => (e.Kind, e.Prediction)), viaBatcher[s].Select(e => (e.Kind, e.Prediction)));
        }

        // Seven hosts submitting at once must have shared batches.
        Assert.InRange(batcher.Batches, 1, (long)symbols * minutes / 2);
    }

    [Fact]
    public async Task A_pending_prediction_is_made_alone_before_a_swap_or_the_next_bar_and_a_cancelled_wait_keeps_it()
    {
        using var models = BundlePredictors.Open(Bundle);
        var source = new GeneratedSource(0);
        var symbol = Symbol.Parse("BTC-USD");
        var options = new SymbolPipelineOptions { WarmUpBars = 0 };
        using var plain = new SymbolPipeline(symbol, Interval.OneMinute, options, models.Create(symbol, Interval.OneMinute));
        using var deferring = new SymbolPipeline(symbol, Interval.OneMinute, options, models.Create(symbol, Interval.OneMinute)) { DeferPredictions = true };
        var expected = new List<PipelineEvent>();
        var actual = new List<PipelineEvent>();
        var batcher = new PredictionBatcher(new PredictionBatchingOptions { MaxDelay = TimeSpan.FromSeconds(1) });
        for (int m = 0; m < 220; m++)
        {
            var update = new CandleUpdate(symbol, Interval.OneMinute, Bars.At(m, Bars.PriceOf(m)), IsFinal: true, source.Name);
            await plain.ProcessAsync(update, source, expected);
            await deferring.ProcessAsync(update, source, actual);
            if (deferring.HasPendingPrediction && m % 3 == 0)
            {
                // Cancelled while queued: the prediction stays pending and the next bar makes it first.
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batcher.PredictAsync(deferring, cts.Token));
                Assert.True(deferring.HasPendingPrediction);
            }
        }

        Assert.True(deferring.HasPendingPrediction);
        var previous = deferring.ReplacePredictor(models.Create(symbol, Interval.OneMinute));
        Assert.False(deferring.HasPendingPrediction);
        previous?.Dispose();
        Assert.Contains(expected, e => e.Kind == PipelineEventKind.Prediction);
        Assert.Equal(expected.Select(e => (e.Kind, e.Prediction)), actual.Select(e => (e.Kind, e.Prediction)));
    }

    [Fact]
    public void Invalid_batching_settings_are_named()
    {
        var options = StreamFactory.Options("BTC-USD");
        options.Batching.MaxBatchSize = 0;
        options.Batching.MaxDelay = TimeSpan.FromSeconds(-1);
        var failures = options.Validate();
        Assert.Contains(failures, f => f.Contains("Batching:MaxBatchSize", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Batching:MaxDelay", StringComparison.Ordinal));
    }

    private static async Task<(List<Prediction> Predictions, StreamStatistics Statistics)> RunAsync(string[] names, bool batching)
    {
        var options = StreamFactory.Options(names);
        options.ModelPath = Bundle;
        options.Subscriber.FullMode = StreamFullMode.Wait;
        options.Subscriber.Capacity = 100_000;
        options.Batching.Enabled = batching;
        await using var stream = new RealTimeStream([new GeneratedSource(320)], options);
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(0, stream.Statistics.PredictionErrors);
        return (await predictions, stream.Statistics);
    }
}
