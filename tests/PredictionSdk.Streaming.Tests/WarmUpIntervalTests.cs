using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

/// <summary>Warm-up history of another interval than the stream's (and its model's) is refused, not fed to the model.</summary>
public class WarmUpIntervalTests
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");

    /// <summary>Five-minute bars ending before minute <paramref name="end"/>.</summary>
    private static List<Candle> FiveMinuteBars(int end) =>
        Enumerable.Range(0, end / 5).Select(i => Bars.At(i * 5, Bars.PriceOf(i * 5))).ToList();

    [Fact]
    public async Task The_loader_refuses_history_of_another_interval_naming_the_symbol_and_the_source()
    {
        var source = new ScriptedSource("replay-5m", []);
        source.History[Btc] = FiveMinuteBars(300);
        using var loader = new WarmUpLoader();

        var error = await Assert.ThrowsAsync<IntervalMismatchException>(() =>
            loader.LoadAsync(new HistoryRequest(Btc, Interval.OneMinute, Bars.Start, Bars.Start.AddMinutes(300), source)));

        Assert.Equal(Interval.OneMinute, error.Expected);
        Assert.Equal(Interval.FiveMinutes, error.Detected);
        Assert.Contains("BTC-USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("replay-5m", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_loader_accepts_history_of_the_requested_interval_with_gaps()
    {
        var source = new ScriptedSource("fake", []);
        source.History[Btc] = Enumerable.Range(0, 300).Where(m => m % 7 != 3).Select(m => Bars.At(m)).ToList();
        using var loader = new WarmUpLoader();

        var bars = await loader.LoadAsync(new HistoryRequest(Btc, Interval.OneMinute, Bars.Start, Bars.Start.AddMinutes(300), source));

        Assert.Equal(source.History[Btc].Count, bars.Count);
    }

    [Fact]
    public async Task A_stream_stops_a_source_whose_history_is_of_another_interval_and_reports_it()
    {
        // The source would stay open for ever; the fault must stop it, or Completion would never come.
        var source = new ScriptedSource("five", [Bars.Final(Btc, 600, source: "five"), Bars.Final(Btc, 601, source: "five")]) { StayOpen = true };
        source.History[Btc] = FiveMinuteBars(600);
        var options = StreamFactory.Options("BTC-USD");
        options.WarmUpBars = 120;
        await using var stream = StreamFactory.Create([source], options, s => new FakePredictor(s));
        var raised = new List<SourceFault>();
        stream.SourceFaulted += (_, fault) => raised.Add(fault);
        await stream.StartAsync();

        var error = await Assert.ThrowsAsync<IntervalMismatchException>(() => stream.Completion.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Contains("BTC-USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("five", error.Message, StringComparison.Ordinal);
        var fault = Assert.Single(stream.Faults);
        Assert.Equal("five", fault.Source);
        Assert.Same(fault, Assert.Single(raised));
        Assert.Equal(1, stream.Statistics.FaultedSources);
        Assert.Equal(1, stream.Statistics.WarmUpFailures);
        Assert.Equal(0, stream.Statistics.WarmUpBars);
    }

    [Fact]
    public async Task Live_bars_of_another_interval_stop_their_source_after_a_few_bars()
    {
        // No history (a replay from a file's start): the live bars' own spacing gives them away.
        var script = Enumerable.Range(0, 40).Select(i => Bars.Final(Btc, i * 5, Bars.PriceOf(i * 5), source: "five")).ToList();
        var source = new ScriptedSource("five", script) { StayOpen = true };
        var options = StreamFactory.Options("BTC-USD");
        options.WarmUpBars = 0;
        options.BackfillGaps = false;
        await using var stream = StreamFactory.Create([source], options);
        var candles = StreamFactory.CollectAsync(stream.ReadCandlesAsync());
        await stream.StartAsync();

        var error = await Assert.ThrowsAsync<IntervalMismatchException>(() => stream.Completion.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(Interval.FiveMinutes, error.Detected);
        Assert.Contains("source 'five' BTC-USD bars", error.Message, StringComparison.Ordinal);
        Assert.Equal("five", Assert.Single(stream.Faults).Source);
        // The evidence it needs, and not a bar more: 8 spacings of 5 minutes, so 8 bars passed before the 9th was refused.
        Assert.Equal(8, (await candles).Count(c => c.IsFinal));
    }
}
