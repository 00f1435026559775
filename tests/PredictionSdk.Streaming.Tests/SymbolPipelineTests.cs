using PredictionSdk.Indicators;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

/// <summary>The per-symbol stage driven directly, as any host drives it: no threads, no channels.</summary>
public class SymbolPipelineTests
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");

    private static List<Prediction> Predictions(IEnumerable<PipelineEvent> events) =>
        events.Where(e => e.Kind == PipelineEventKind.Prediction).Select(e => e.Prediction!).ToList();

    private static ScriptedSource SourceWithHistory(int bars)
    {
        var source = new ScriptedSource("fake", []);
        source.History[Btc] = Enumerable.Range(0, bars).Select(m => Bars.At(m, Bars.PriceOf(m))).ToList();
        return source;
    }

    [Fact]
    public async Task The_first_update_asks_for_the_history_the_model_needs_and_the_newest_history_bar_is_predicted_at_once()
    {
        var source = SourceWithHistory(100);
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, predictor: new FakePredictor(Btc, requiredHistory: 50, horizons: [1, 5]));
        var events = new List<PipelineEvent>();

        var request = await pipeline.ProcessAsync(Bars.Open(Btc, 100, Bars.PriceOf(100)), source, events);

        Assert.NotNull(request);
        Assert.Equal(50, pipeline.WarmUpBars);
        Assert.Equal(Bars.Start.AddMinutes(50), request.From);
        Assert.Equal(Bars.Start.AddMinutes(100), request.To);
        Assert.Same(source, request.Source);
        Assert.Equal(SymbolPipelineState.WarmingUp, pipeline.State);
        Assert.Empty(events);

        // Updates that arrive while the history is on its way are held, then replayed in order.
        Assert.Null(await pipeline.ProcessAsync(Bars.Final(Btc, 100, Bars.PriceOf(100)), source, events));
        Assert.Empty(events);

        var history = await source.GetHistoryAsync(Btc, Interval.OneMinute, request.From, request.To);
        await pipeline.CompleteWarmUpAsync(history, events);

        Assert.Equal(SymbolPipelineState.Live, pipeline.State);
        var predictions = Predictions(events);
        Assert.Equal([(99, 1), (99, 5), (100, 1), (100, 5)], predictions.Select(p => ((int)(p.Timestamp - Bars.Start).TotalMinutes, p.Horizon)));
        Assert.Equal(51, events.Count(e => e.Kind == PipelineEventKind.Candle && e.Update.IsFinal));
        Assert.Equal(50, pipeline.Statistics.WarmUpBars);

        // The reported indicators are the pipeline's own, computed once per bar and attached to every horizon.
        var closes = history.Append(Bars.At(100, Bars.PriceOf(100))).ToList();
        var expected = ReportedIndicators.Create();
        foreach (var bar in closes)
        {
            expected.Add(bar);
        }

        Assert.Equal(ReportedIndicators.Read(expected.Values), pipeline.Indicators);
        Assert.Equal(pipeline.Indicators.ToTechnicalIndicators(), predictions[^1].Indicators);
        Assert.Same(predictions[^2].Indicators, predictions[^1].Indicators);
    }

    [Fact]
    public async Task Warm_up_size_is_the_larger_of_model_and_indicators_an_override_or_none()
    {
        var source = SourceWithHistory(0);
        using var small = new SymbolPipeline(Btc, Interval.OneMinute, predictor: new FakePredictor(Btc, requiredHistory: 5));
        using var indicatorsOnly = new SymbolPipeline(Btc, Interval.OneMinute);
        using var overridden = new SymbolPipeline(Btc, Interval.OneMinute, new SymbolPipelineOptions { WarmUpBars = 7 }, new FakePredictor(Btc, requiredHistory: 500));
        using var none = new SymbolPipeline(Btc, Interval.OneMinute, new SymbolPipelineOptions { WarmUpBars = 0 }, new FakePredictor(Btc, requiredHistory: 500));

        Assert.Equal(ReportedIndicators.WarmUpBars, small.WarmUpBars);
        Assert.Equal(ReportedIndicators.WarmUpBars, indicatorsOnly.WarmUpBars);
        Assert.Equal(7, (await overridden.ProcessAsync(Bars.Final(Btc, 10), source, []))!.Bars);

        var events = new List<PipelineEvent>();
        Assert.Null(await none.ProcessAsync(Bars.Final(Btc, 10), source, events));
        Assert.Equal(SymbolPipelineState.Live, none.State);
        Assert.Single(events, e => e.Kind == PipelineEventKind.Candle);
        Assert.Equal(0, source.HistoryCalls);
    }

    [Fact]
    public async Task Short_history_leaves_a_gap_that_the_sequencer_backfills_from_the_source()
    {
        var source = SourceWithHistory(60);
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, predictor: new FakePredictor(Btc, requiredHistory: 40));
        var events = new List<PipelineEvent>();
        var request = await pipeline.ProcessAsync(Bars.Final(Btc, 60, Bars.PriceOf(60)), source, events);

        // The store or exchange lagged: history stops five bars short of the first live bar.
        var history = (await source.GetHistoryAsync(Btc, Interval.OneMinute, request!.From, request.To)).Take(35).ToList();
        await pipeline.CompleteWarmUpAsync(history, events);
        source.History[Btc].AddRange(Enumerable.Range(60, 3).Select(m => Bars.At(m, Bars.PriceOf(m))));
        for (int m = 61; m <= 62; m++)
        {
            // Two more live bars make the reorder window give up on 55–59 and fetch them.
            await pipeline.ProcessAsync(Bars.Final(Btc, m, Bars.PriceOf(m)), source, events);
        }

        var finals = events.Where(e => e.Kind == PipelineEventKind.Candle && e.Update.IsFinal).Select(e => (int)(e.Update.Candle.Timestamp - Bars.Start).TotalMinutes).ToList();
        Assert.Equal(Enumerable.Range(20, 43), finals);
        Assert.Equal(35, pipeline.Statistics.WarmUpBars);
        Assert.Equal(5, pipeline.Statistics.Backfilled);
        // 35 bars of history are too few for the model; it is ready once the backfill brings it to 40, at bar 59.
        Assert.Equal(Enumerable.Range(59, 4), Predictions(events).Select(p => (int)(p.Timestamp - Bars.Start).TotalMinutes));
    }

    [Fact]
    public async Task An_unsound_first_update_does_not_start_the_warm_up_and_completing_none_is_refused()
    {
        var source = SourceWithHistory(10);
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute);
        var nan = Bars.Final(Btc, 10) with { Candle = Bars.At(10) with { Close = double.NaN } };

        Assert.Null(await pipeline.ProcessAsync(nan, source, []));
        Assert.Equal(SymbolPipelineState.Cold, pipeline.State);
        Assert.Equal(1, pipeline.Statistics.Rejected);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.CompleteWarmUpAsync([], []).AsTask());
        Assert.NotNull(await pipeline.ProcessAsync(Bars.Final(Btc, 10), source, []));
    }

    [Fact]
    public async Task A_predictor_replaced_between_two_bars_serves_every_later_bar_and_no_bar_twice()
    {
        var source = SourceWithHistory(0);
        var first = new FakePredictor(Btc, version: "v1");
        var second = new FakePredictor(Btc, version: "v2");
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, new SymbolPipelineOptions { WarmUpBars = 0 }, first);
        var events = new List<PipelineEvent>();
        for (int m = 0; m < 10; m++)
        {
            if (m == 5)
            {
                // The newcomer has seen the same bars (a shadow would have); the swap lands between bar 4 and bar 5.
                foreach (var e in events.Where(e => e.Kind == PipelineEventKind.Candle))
                {
                    second.Observe(e.Update.Candle);
                }

                Assert.Same(first, pipeline.ReplacePredictor(second));
            }

            await pipeline.ProcessAsync(Bars.Final(Btc, m), source, events);
        }

        var predictions = Predictions(events);
        Assert.Equal(Enumerable.Range(0, 10), predictions.Select(p => (int)(p.Timestamp - Bars.Start).TotalMinutes));
        Assert.Equal([.. Enumerable.Repeat("v1", 5), .. Enumerable.Repeat("v2", 5)], predictions.Select(p => p.ModelVersion));
        Assert.False(first.Disposed);
        pipeline.Dispose();
        Assert.True(second.Disposed);
    }

    [Fact]
    public async Task Open_bars_preview_every_horizon_and_hosts_can_switch_candle_and_indicator_events_off()
    {
        var source = SourceWithHistory(0);
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, new SymbolPipelineOptions { WarmUpBars = 0, PredictOnOpenBars = true }, new FakePredictor(Btc, horizons: [1, 5, 15]))
        {
            EmitCandles = false,
            EmitIndicators = false,
        };
        var events = new List<PipelineEvent>();
        await pipeline.ProcessAsync(Bars.Final(Btc, 0), source, events);
        await pipeline.ProcessAsync(Bars.Open(Btc, 1, 101), source, events);

        Assert.All(events, e => Assert.Equal(PipelineEventKind.Prediction, e.Kind));
        Assert.Equal([false, false, false, true, true, true], events.Select(e => e.Prediction!.IsPreview));
        Assert.Equal([1, 5, 15, 1, 5, 15], events.Select(e => e.Prediction!.Horizon));
        Assert.Equal(101, events[^1].Prediction!.CurrentPrice);
    }

    [Fact]
    public async Task Two_sources_passed_through_without_a_composite_never_commit_a_bar_twice()
    {
        var a = new ScriptedSource("a", []);
        var b = new ScriptedSource("b", []);
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, new SymbolPipelineOptions { WarmUpBars = 0 }, new FakePredictor(Btc));
        var events = new List<PipelineEvent>();
        for (int m = 0; m < 5; m++)
        {
            await pipeline.ProcessAsync(Bars.Final(Btc, m, source: "a"), a, events);
            await pipeline.ProcessAsync(Bars.Final(Btc, m, source: "b"), b, events);
        }

        Assert.Equal(Enumerable.Range(0, 5), Predictions(events).Select(p => (int)(p.Timestamp - Bars.Start).TotalMinutes));
        Assert.Equal(5, pipeline.Statistics.Duplicates);
    }

    [Fact]
    public void Invalid_options_are_refused_with_each_problem_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new SymbolPipeline(Btc, Interval.OneMinute, new SymbolPipelineOptions { ReorderWindow = -1, WarmUpBars = -3 }));

        Assert.Contains("ReorderWindow must be 0 or more (was -1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("WarmUpBars must be 0 (none) or more", error.Message, StringComparison.Ordinal);
    }
}
