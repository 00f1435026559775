using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

public class ValidationTests
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");

    private static async Task<(List<CandleUpdate> Candles, StreamStatistics Stats)> RunAsync(ScriptedSource source, Action<RealTimeStreamOptions>? configure = null)
    {
        var options = StreamFactory.Options("BTC-USD");
        configure?.Invoke(options);
        await using var stream = StreamFactory.Create([source], options);
        var candles = StreamFactory.CollectAsync(stream.ReadCandlesAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        return (await candles, stream.Statistics);
    }

    private static List<int> Minutes(IEnumerable<CandleUpdate> updates) =>
        updates.Where(u => u.IsFinal).Select(u => (int)(u.Candle.Timestamp - Bars.Start).TotalMinutes).ToList();

    [Fact]
    public async Task Duplicates_are_dropped_and_late_bars_put_back_in_order()
    {
        var source = new ScriptedSource("fake", [Bars.Final(Btc, 0), Bars.Final(Btc, 1), Bars.Final(Btc, 1), Bars.Final(Btc, 3), Bars.Final(Btc, 2), Bars.Final(Btc, 4), Bars.Final(Btc, 0)]);

        var (candles, stats) = await RunAsync(source);

        Assert.Equal([0, 1, 2, 3, 4], Minutes(candles));
        Assert.Equal(2, stats.Duplicates);
        Assert.Equal(1, stats.Reordered);
        Assert.Equal(0, stats.Gaps);
        Assert.Equal(0, stats.Backfilled);
        Assert.Equal(1, source.HistoryCalls); // the warm-up before the first bar; no gap needed history

    }

    [Fact]
    public async Task A_gap_is_backfilled_from_history_without_holes_or_duplicates()
    {
        var script = Enumerable.Range(0, 10).Concat(Enumerable.Range(15, 5)).Select(m => Bars.Final(Btc, m)).ToList();
        var source = new ScriptedSource("fake", script);
        source.History[Btc] = Enumerable.Range(0, 20).Select(m => Bars.At(m)).ToList();

        var (candles, stats) = await RunAsync(source, o => o.ReorderWindow = 1);

        Assert.Equal(Enumerable.Range(0, 20).ToList(), Minutes(candles));
        Assert.Equal(1, stats.Gaps);
        Assert.Equal(5, stats.Backfilled);
        Assert.Equal(0, stats.UnfilledGaps);
    }

    [Fact]
    public async Task A_gap_history_cannot_fill_is_counted()
    {
        var source = new ScriptedSource("fake", [Bars.Final(Btc, 0), Bars.Final(Btc, 5)]);

        var (candles, stats) = await RunAsync(source, o => o.ReorderWindow = 0);

        Assert.Equal([0, 5], Minutes(candles));
        Assert.Equal(1, stats.Gaps);
        Assert.Equal(1, stats.UnfilledGaps);
    }

    [Fact]
    public async Task NaN_inconsistent_misaligned_and_spiking_bars_are_rejected_and_counted()
    {
        var nan = Bars.Final(Btc, 2) with { Candle = Bars.At(2) with { Close = double.NaN } };
        var inverted = Bars.Final(Btc, 2) with { Candle = Bars.At(2) with { High = 90 } };
        var misaligned = Bars.Final(Btc, 2) with { Candle = Bars.At(2) with { Timestamp = Bars.Start.AddSeconds(150) } };
        var spike = Bars.Final(Btc, 2, close: 10_000);
        var source = new ScriptedSource("fake", [Bars.Final(Btc, 0), Bars.Final(Btc, 1), nan, inverted, misaligned, spike, Bars.Final(Btc, 2), Bars.Final(Btc, 3)]);

        var (candles, stats) = await RunAsync(source);

        Assert.Equal([0, 1, 2, 3], Minutes(candles));
        Assert.All(candles, c => Assert.Equal(100, c.Candle.Close));
        Assert.Equal(4, stats.Rejected);
        Assert.Equal(1, stats.Outliers);
    }

    [Fact]
    public async Task A_new_price_level_the_source_history_shows_is_trusted_when_it_fills_the_gap()
    {
        // The first bar at 200 is rejected as a jump; the gap it leaves is filled from history, which sets the new level.
        // (Without history the live bars alone confirm it: OneRuleSetTests.)
        var script = new List<CandleUpdate> { Bars.Final(Btc, 0), Bars.Final(Btc, 1) };
        script.AddRange(Enumerable.Range(2, 5).Select(m => Bars.Final(Btc, m, close: 200)));
        var source = new ScriptedSource("fake", script);
        source.History[Btc] = [.. Enumerable.Range(0, 2).Select(m => Bars.At(m)), .. Enumerable.Range(2, 5).Select(m => Bars.At(m, 200))];

        var (candles, stats) = await RunAsync(source, o => o.OutlierConfirmations = 3);

        Assert.Equal(Enumerable.Range(0, 7).ToList(), Minutes(candles));
        Assert.Equal(1, stats.Outliers);
        Assert.Equal(1, stats.Backfilled);
    }

    [Fact]
    public async Task Open_bar_updates_pass_and_stale_ones_are_dropped()
    {
        var source = new ScriptedSource("fake", [Bars.Open(Btc, 0, 99), Bars.Final(Btc, 0), Bars.Open(Btc, 0, 98), Bars.Open(Btc, 1, 101), Bars.Final(Btc, 1)]);

        var (candles, stats) = await RunAsync(source);

        Assert.Equal([(0, false), (0, true), (1, false), (1, true)], candles.Select(c => ((int)(c.Candle.Timestamp - Bars.Start).TotalMinutes, c.IsFinal)).ToList());
        Assert.Equal(1, stats.Duplicates);
        Assert.Equal(2, stats.OpenBarUpdates);
    }

    [Fact]
    public async Task A_failed_source_reconnects_and_the_outage_is_backfilled()
    {
        var source = new ScriptedSource("fake", Enumerable.Range(0, 6).Select(m => Bars.Final(Btc, m)).ToList())
        {
            FailAfter = 5,
            AfterReconnect = Enumerable.Range(8, 5).Select(m => Bars.Final(Btc, m)).ToList(),
        };
        source.History[Btc] = Enumerable.Range(0, 13).Select(m => Bars.At(m)).ToList();

        var (candles, stats) = await RunAsync(source, o => o.ReorderWindow = 0);

        Assert.Equal(Enumerable.Range(0, 13).ToList(), Minutes(candles));
        Assert.Equal(1, stats.Reconnects);
        Assert.Equal(2, source.Connections);
        Assert.Equal(3, stats.Backfilled);
    }

    [Fact]
    public async Task Warm_up_fetches_history_before_the_first_live_bar()
    {
        var source = new ScriptedSource("fake", [Bars.Final(Btc, 30), Bars.Final(Btc, 31)]);
        source.History[Btc] = Enumerable.Range(0, 30).Select(m => Bars.At(m)).ToList();

        var (candles, stats) = await RunAsync(source, o => o.WarmUpBars = 10);

        Assert.Equal(Enumerable.Range(20, 12).ToList(), Minutes(candles));
        Assert.Equal(10, stats.WarmUpBars);
        Assert.Equal(0, stats.Backfilled);
        Assert.Equal(0, stats.Gaps);
    }

    [Fact]
    public async Task Several_exchanges_make_a_volume_weighted_composite()
    {
        var a = new ScriptedSource("a", [Bars.Final(Btc, 0, 100, volume: 3, source: "a"), Bars.Final(Btc, 1, 100, volume: 1, source: "a")]);
        var b = new ScriptedSource("b", [Bars.Final(Btc, 0, 104, volume: 1, source: "b"), Bars.Final(Btc, 1, 102, volume: 1, source: "b")]);
        var options = StreamFactory.Options("BTC-USD");
        options.WorkerCount = 1;
        await using var stream = StreamFactory.Create([a, b], options);
        var candles = StreamFactory.CollectAsync(stream.ReadCandlesAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        var finals = (await candles).Where(c => c.IsFinal).ToList();
        Assert.Equal(2, finals.Count);
        Assert.All(finals, c => Assert.Equal("composite", c.Source));
        Assert.Equal(101, finals[0].Candle.Close, 9);
        Assert.Equal(4, finals[0].Candle.Volume, 9);
        Assert.Equal(101, finals[1].Candle.Close, 9);
    }

    [Fact]
    public void Composite_of_bars_stays_consistent()
    {
        var slots = new CompositeCandleBuilder.Slot[]
        {
            new(new Candle(Bars.Start, 10, 12, 9, 11, 2), true, true),
            new(new Candle(Bars.Start, 10.5, 11, 10, 10.2, 0), true, true),
            default,
        };

        var bar = CompositeCandleBuilder.Combine(Bars.Start, slots);

        Assert.True(bar.IsConsistent);
        Assert.Equal(11, bar.Close, 9);
        Assert.Equal(2, bar.Volume);
        Assert.False(bar.HasOrderFlow); // neither venue reported it
    }

    [Fact]
    public void Composite_sums_order_flow_across_venues_and_one_venue_without_it_leaves_it_unreported()
    {
        var a = new Candle(Bars.Start, 10, 12, 9, 11, 2, 21, 5, 1.5, 16);
        var b = new Candle(Bars.Start, 10.5, 11, 10, 10.2, 3, 31, 7, 1, 10.25);
        var both = CompositeCandleBuilder.Combine(Bars.Start, [new(a, true, true), new(b, true, true)]);
        Assert.Equal((52.0, 12.0, 2.5, 26.25), (both.QuoteVolume, both.TradeCount, both.TakerBuyVolume, both.TakerBuyQuoteVolume));

        var partly = CompositeCandleBuilder.Combine(Bars.Start, [new(a, true, true), new(b with { TakerBuyVolume = double.NaN }, true, true)]);
        Assert.True(double.IsNaN(partly.TakerBuyVolume));
        Assert.Equal(12, partly.TradeCount);
    }
}
