using PredictionSdk.Streaming;
using PredictionSdk.Validation;

namespace PredictionSdk.Streaming.Tests;

/// <summary>A live stream judges bars by the same rules as batch validation, and counts what it rejects.</summary>
public class OneRuleSetTests
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");

    private static async Task<(List<int> Minutes, StreamStatistics Stats)> StreamAsync(IReadOnlyList<Candle> bars)
    {
        var source = new ScriptedSource("fake", bars.Select(c => new CandleUpdate(Btc, Interval.OneMinute, c, IsFinal: true, "fake")).ToList());
        await using var stream = StreamFactory.Create([source], StreamFactory.Options("BTC-USD"));
        var candles = StreamFactory.CollectAsync(stream.ReadCandlesAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        var minutes = (await candles).Where(u => u.IsFinal).Select(u => (int)(u.Candle.Timestamp - Bars.Start).TotalMinutes).ToList();
        return (minutes, stream.Statistics);
    }

    /// <summary>Batch validation: one checker over the file's rows in order, defaults, no repairs.</summary>
    private static (List<int> Accepted, CandleChecker Checker) Batch(IReadOnlyList<Candle> bars)
    {
        var checker = new CandleChecker(new CandleCheckOptions { Interval = Interval.OneMinute });
        var accepted = bars.Where(b => checker.Check(b).IsUsable).Select(b => (int)(b.Timestamp - Bars.Start).TotalMinutes).ToList();
        return (accepted, checker);
    }

    [Fact]
    public async Task Non_positive_prices_and_high_below_low_are_rejected_live_exactly_as_in_batch_and_counted()
    {
        var bars = Enumerable.Range(0, 12).Select(m => Bars.At(m)).ToArray();
        bars[2] = bars[2] with { Close = 0 };
        bars[3] = bars[3] with { High = 99, Low = 101 };
        bars[5] = bars[5] with { Open = -5 };
        bars[7] = bars[7] with { Low = -1 };
        bars[8] = bars[8] with { High = 99.4 }; // below the close of 100

        var (batch, checker) = Batch(bars);
        var (live, stats) = await StreamAsync(bars);

        Assert.Equal([0, 1, 4, 6, 9, 10, 11], batch);
        Assert.Equal(batch, live);
        Assert.Equal(3, checker.RejectedBy(CandleRule.NonPositivePrice));
        Assert.Equal(2, checker.RejectedBy(CandleRule.OhlcInconsistent));
        Assert.Equal(checker.Rejected, stats.Rejected);
        Assert.Equal(0, stats.Outliers);
    }

    [Fact]
    public async Task A_price_jump_is_rejected_live_as_in_batch_until_the_new_level_is_confirmed()
    {
        // Without history to fill from, the live stream sees exactly the file's bars: two rejected, the third confirms.
        var bars = Enumerable.Range(0, 9).Select(m => Bars.At(m, m < 3 ? 100 : 200)).ToArray();

        var (batch, checker) = Batch(bars);
        var (live, stats) = await StreamAsync(bars);

        Assert.Equal([0, 1, 2, 5, 6, 7, 8], batch);
        Assert.Equal(batch, live);
        Assert.Equal(2, checker.RejectedBy(CandleRule.PriceJump));
        Assert.Equal(2, stats.Outliers);
        Assert.Equal(2, stats.Rejected);
    }

    [Fact]
    public async Task A_duplicate_keeps_the_first_bar_live_as_in_batch()
    {
        var bars = new[] { Bars.At(0), Bars.At(1, 101), Bars.At(1, 102), Bars.At(2) };

        var (batch, _) = Batch(bars);
        var source = new ScriptedSource("fake", bars.Select(c => new CandleUpdate(Btc, Interval.OneMinute, c, IsFinal: true, "fake")).ToList());
        await using var stream = StreamFactory.Create([source], StreamFactory.Options("BTC-USD"));
        var candles = StreamFactory.CollectAsync(stream.ReadCandlesAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal([0, 1, 2], batch);
        Assert.Equal(101, (await candles).Single(u => u.IsFinal && u.Candle.Timestamp == Bars.Start.AddMinutes(1)).Candle.Close);
        Assert.Equal(1, stream.Statistics.Duplicates);
    }
}
