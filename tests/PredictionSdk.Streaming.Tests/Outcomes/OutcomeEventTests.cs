using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

/// <summary>Each served prediction is scored once, when its target bar closes, and handed to every consumer.</summary>
public class OutcomeEventTests
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");

    private sealed class Recorder : IOutcomeObserver
    {
        public List<PredictionOutcome> Seen { get; } = [];

        public void OnOutcome(in PredictionOutcome outcome)
        {
            lock (Seen)
            {
                Seen.Add(outcome);
            }
        }
    }

    [Fact]
    public async Task Every_prediction_is_scored_once_against_the_close_of_its_target_bar_before_that_bars_predictions()
    {
        var source = new ScriptedSource("fake", []);
        var options = new SymbolPipelineOptions { WarmUpBars = 0, PredictOnOpenBars = true };
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, options, new FakePredictor(Btc, horizons: [1, 5]));
        var recorder = new Recorder();
        pipeline.OutcomeObservers.Add(recorder);
        var events = new List<PipelineEvent>();
        const int minutes = 40;
        for (int m = 0; m < minutes; m++)
        {
            // An open-bar preview first: previews are superseded, never scored.
            await pipeline.ProcessAsync(Bars.Open(Btc, m, Bars.PriceOf(m) + 0.3), source, events);
            await pipeline.ProcessAsync(Bars.Final(Btc, m, Bars.PriceOf(m)), source, events);
        }

        var served = events.Where(e => e.Kind == PipelineEventKind.Prediction && !e.Prediction!.IsPreview).Select(e => e.Prediction!).ToList();
        var outcomes = events.Where(e => e.Kind == PipelineEventKind.Outcome).Select(e => e.Outcome!.Value).ToList();

        // Horizon h made at minute m targets the bar m + h, which closes at m + h + 1.
        // Outcomes come in the order their target bars close (a stable sort keeps the order of equal targets).
        var expected = served.Where(p => (p.TargetTime - Bars.Start).TotalMinutes <= minutes).OrderBy(p => p.TargetTime).ToList();
        Assert.Equal(2 * minutes, served.Count);
        Assert.Equal(expected.Count, outcomes.Count);
        Assert.Equal(expected, outcomes.Select(o => o.Prediction));
        Assert.All(outcomes, o => Assert.False(o.Prediction.IsPreview));
        Assert.Equal(served.Count - expected.Count, pipeline.PendingOutcomes);
        Assert.Equal(0, pipeline.UnscoredPredictions);

        foreach (var outcome in outcomes)
        {
            int target = (int)(outcome.TargetTime - Bars.Start).TotalMinutes - 1;
            Assert.Equal(Bars.PriceOf(target), outcome.RealizedPrice);
            Assert.Equal(Math.Log(Bars.PriceOf(target) / outcome.Prediction.CurrentPrice), outcome.RealizedReturn, 12);
        }

        // Observers see the same outcomes as the events, in the same order.
        Assert.Equal(outcomes, recorder.Seen);

        // Within a bar: its outcomes come after its indicators and before the predictions made from it.
        int firstOutcome = events.FindIndex(e => e.Kind == PipelineEventKind.Outcome);
        var bar = events[firstOutcome].Update.Candle.Timestamp;
        int finalPrediction = events.FindIndex(e => e.Kind == PipelineEventKind.Prediction && !e.Prediction!.IsPreview && e.Prediction.Timestamp == bar);
        Assert.True(firstOutcome < finalPrediction);
        Assert.Equal(bar.AddMinutes(1), events[firstOutcome].Outcome!.Value.TargetTime);
    }

    [Fact]
    public async Task A_prediction_whose_target_bar_never_arrives_is_counted_unscored_not_scored_against_a_later_bar()
    {
        var source = new ScriptedSource("fake", []);
        var options = new SymbolPipelineOptions { WarmUpBars = 0 };
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, options, new FakePredictor(Btc, horizons: [1]));
        var events = new List<PipelineEvent>();
        await pipeline.ProcessAsync(Bars.Final(Btc, 0, 100), source, events);
        await pipeline.ProcessAsync(Bars.Final(Btc, 1, 101), source, events);

        // Minute 2 is missing and the source has no history to backfill it: the prediction made at minute 1 (target bar 2) is never scored.
        await pipeline.ProcessAsync(Bars.Final(Btc, 3, 103), source, events);
        await pipeline.FlushAsync(events);

        var outcomes = events.Where(e => e.Kind == PipelineEventKind.Outcome).Select(e => e.Outcome!.Value).ToList();
        Assert.Equal([Bars.Start.AddMinutes(2)], outcomes.Select(o => o.TargetTime));
        Assert.Equal(101, outcomes[0].RealizedPrice);
        Assert.Equal(1, pipeline.UnscoredPredictions);
    }

    [Fact]
    public async Task The_stream_hands_each_outcome_once_to_its_handlers_and_readers()
    {
        const int minutes = 120;
        var names = new[] { "BTC-USD", "ETH-USD", "SOL-USD" };
        var options = StreamFactory.Options(names);
        options.WarmUpBars = 0;
        options.Subscriber.FullMode = StreamFullMode.Wait;
        await using var stream = StreamFactory.Create([new GeneratedSource(minutes)], options, s => new FakePredictor(s, horizons: [1, 3], record: false));
        var handled = new List<PredictionOutcome>();
        stream.OnOutcome((o, _) =>
        {
            handled.Add(o);
            return ValueTask.CompletedTask;
        });
        var observed = new Recorder();
        stream.AddOutcomeObserver(observed);
        var read = StreamFactory.CollectAsync(stream.ReadOutcomesAsync());
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        var outcomes = await read;
        var served = await predictions;

        Assert.Equal(handled, outcomes);

        // Observers run on the symbols' workers: the same outcomes, each symbol's in order.
        Assert.Equal(outcomes.Count, observed.Seen.Count);
        foreach (var group in outcomes.GroupBy(o => o.Symbol))
        {
            Assert.Equal(group, observed.Seen.Where(o => o.Symbol == group.Key));
        }

        var expected = served.Where(p => (p.TargetTime - Bars.Start).TotalMinutes <= minutes).ToHashSet();
        Assert.Equal(expected.Count, outcomes.Count);
        Assert.Equal(outcomes.Count, outcomes.Select(o => (o.Symbol, o.Horizon, o.TargetTime)).Distinct().Count());
        Assert.All(outcomes, o => Assert.Contains(o.Prediction, expected));
        for (int s = 0; s < names.Length; s++)
        {
            var symbol = Symbol.Parse(names[s]);
            Assert.All(outcomes.Where(o => o.Symbol == symbol), o =>
                Assert.Equal(Bars.PriceOf((int)(o.TargetTime - Bars.Start).TotalMinutes - 1 + s), o.RealizedPrice));
        }
    }
}
