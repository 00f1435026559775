using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictionSdk.Data.Resampling;

namespace PredictionSdk.Data.Tests.Resampling;

public class CandleResamplerTests
{
    // Prices in quarters and whole volumes: every sum is exact, so equality is exact.
    internal static readonly Gen<List<Candle>> Series =
        from count in Gen.Choose(1, 240)
        from startMinute in Gen.Choose(0, 3 * 1440)
        from steps in Gen.Frequency((12, Gen.Constant(1)), (1, Gen.Choose(2, 90))).ArrayOf(count)
        from moves in Gen.Choose(-40, 40).ArrayOf(count)
        from wicks in Gen.Choose(0, 12).ArrayOf(count)
        from volumes in Gen.Choose(0, 5000).ArrayOf(count)
        select Build(startMinute, steps, moves, wicks, volumes);

    private static List<Candle> Build(int startMinute, int[] steps, int[] moves, int[] wicks, int[] volumes)
    {
        var list = new List<Candle>(steps.Length);
        var time = TestData.Start.AddMinutes(startMinute);
        double price = 1000;
        for (int i = 0; i < steps.Length; i++)
        {
            double open = price, close = price + (moves[i] * 0.25);
            list.Add(new Candle(time, open, Math.Max(open, close) + (wicks[i] * 0.25), Math.Min(open, close) - ((wicks[i] % 5) * 0.25), close, volumes[i]));
            price = close;
            time = time.AddMinutes(steps[i]);
        }

        return list;
    }

    [Property(MaxTest = 200)]
    public Property One_to_five_to_fifteen_equals_one_to_fifteen() =>
        Prop.ForAll(Series.ToArbitrary(), candles =>
        {
            var direct = CandleResampler.Resample(candles, Interval.FifteenMinutes, Interval.OneMinute);
            var viaFive = CandleResampler.Resample(CandleResampler.Resample(candles, Interval.FiveMinutes, Interval.OneMinute), Interval.FifteenMinutes, Interval.FiveMinutes);
            Assert.Equal(direct, viaFive);
        });

    [Property(MaxTest = 200)]
    public Property Volume_is_conserved_and_bars_bound_their_sources() =>
        Prop.ForAll(Series.ToArbitrary(), Gen.Elements(Interval.All.ToArray()).ToArbitrary(), (candles, target) =>
        {
            var bars = CandleResampler.Resample(candles, target, Interval.OneMinute);
            Assert.Equal(candles.Sum(c => c.Volume), bars.Sum(b => b.Candle.Volume));
            Assert.Equal(candles.Count, bars.Sum(b => b.SourceCount));
            var groups = candles.GroupBy(c => target.Floor(c.Timestamp)).ToList();
            Assert.Equal(groups.Count, bars.Count);
            for (int i = 0; i < bars.Count; i++)
            {
                var bar = bars[i].Candle;
                var sources = groups[i].ToList();
                Assert.Equal(groups[i].Key, bar.Timestamp);
                Assert.True(target.IsAligned(bar.Timestamp));
                Assert.Equal(sources[0].Open, bar.Open);
                Assert.Equal(sources[^1].Close, bar.Close);
                Assert.Equal(sources.Max(c => c.High), bar.High);
                Assert.Equal(sources.Min(c => c.Low), bar.Low);
                Assert.All(sources, c => Assert.InRange(c.Close, bar.Low, bar.High));
                Assert.True(bar.IsConsistent);
                bool periodOver = i < bars.Count - 1 || sources[^1].Timestamp.AddMinutes(1) >= bar.Timestamp + target.Duration;
                Assert.Equal(periodOver, bars[i].IsComplete);
            }
        });

    [Property(MaxTest = 200)]
    public Property Streaming_aggregator_matches_batch() =>
        Prop.ForAll(Series.ToArbitrary(), candles =>
        {
            var aggregator = new CandleAggregator(Interval.FiveMinutes);
            var streamed = new List<ResampledCandle>();
            foreach (var c in candles)
            {
                if (aggregator.Add(c, out var bar))
                {
                    streamed.Add(bar);
                }
            }

            if (aggregator.Flush(out var last))
            {
                streamed.Add(last);
            }

            // The aggregator is told its bars are 1-minute bars; so is the batch (sparse 1m bars at 07:40 and
            // 08:20 look exactly like 5m bars, and would otherwise be taken for them).
            Assert.Equal(CandleResampler.Resample(candles, Interval.FiveMinutes, Interval.OneMinute), streamed);
        });

    [Fact]
    public void Aggregates_a_known_example_and_flags_the_incomplete_last_bar()
    {
        var candles = TestData.Minutes(13);
        var bars = CandleResampler.Resample(candles, Interval.FiveMinutes);
        Assert.Equal(3, bars.Count);
        Assert.Equal(new Candle(TestData.Start, candles[0].Open, candles.Take(5).Max(c => c.High), candles.Take(5).Min(c => c.Low), candles[4].Close, candles.Take(5).Sum(c => c.Volume)), bars[0].Candle);
        Assert.True(bars[1].IsComplete);
        Assert.False(bars[2].IsComplete);
        Assert.Equal(3, bars[2].SourceCount);
        Assert.Equal(2, CandleResampler.ResampleCandles(candles, Interval.FiveMinutes).Count);
        Assert.Equal(3, CandleResampler.ResampleCandles(candles, Interval.FiveMinutes, includeIncomplete: true).Count);
    }

    [Fact]
    public void Sparse_minute_bars_are_recognised_as_minute_bars()
    {
        // No two bars are neighbours; the smallest spacing (80 minutes) is no interval at all.
        var t = TestData.Start.AddMinutes(7);
        Candle[] sparse = [new(t, 10, 11, 9, 10.5, 3), new(t.AddMinutes(80), 10.5, 12, 10, 11, 5)];
        var bars = CandleResampler.Resample(sparse, Interval.FiveMinutes);
        Assert.Equal(CandleResampler.Resample(sparse, Interval.FiveMinutes, Interval.OneMinute), bars);
        Assert.Equal(2, bars.Count);

        // Sparse 15-minute bars on their boundaries still count as 15-minute bars.
        Candle[] quarter = [new(TestData.Start, 10, 11, 9, 10, 1), new(TestData.Start.AddMinutes(45), 10, 11, 9, 10, 1)];
        var hourly = CandleResampler.Resample(quarter, Interval.OneHour);
        Assert.True(hourly[0].IsComplete);
    }

    [Fact]
    public void Daily_bars_close_at_midnight_utc()
    {
        var candles = TestData.Minutes(1440 + 60);
        var bars = CandleResampler.Resample(candles, Interval.OneDay);
        Assert.Equal(2, bars.Count);
        Assert.True(bars[0].IsComplete);
        Assert.Equal(1440, bars[0].SourceCount);
        Assert.Equal(TestData.Start.AddDays(1), bars[1].Candle.Timestamp);
        Assert.False(bars[1].IsComplete);
    }

    [Fact]
    public void Out_of_order_input_is_rejected_with_the_timestamp()
    {
        var candles = TestData.Minutes(5);
        (candles[2], candles[3]) = (candles[3], candles[2]);
        var ex = Assert.Throws<CandleValidationException>(() => CandleResampler.Resample(candles, Interval.FiveMinutes, Interval.OneMinute));
        Assert.Equal("timestamp", ex.Field);
        Assert.Equal("2024-01-01T00:02:00Z", ex.Value);
    }

    [Fact]
    public void Target_must_be_a_multiple_of_the_source()
    {
        Assert.Throws<ArgumentException>(() => CandleResampler.Resample(TestData.Minutes(3), Interval.FiveMinutes, Interval.ThreeMinutes));
        Assert.Throws<ArgumentException>(() => new CandleAggregator(Interval.OneMinute, Interval.FiveMinutes));
    }

    [Fact]
    public async Task Bundled_btc_resamples_to_whole_hours()
    {
        var btc = await CandleFile.ReadAllAsync(TestData.Btc);
        var hours = CandleResampler.Resample(btc, Interval.OneHour);
        Assert.Equal(500, hours.Count);
        Assert.All(hours, h => Assert.True(h.IsComplete && h.SourceCount == 60));
        var streamed = await CandleResampler.ResampleAsync(CandleFile.ReadAsync(TestData.Btc), Interval.OneHour, Interval.OneMinute).ToListAsync();
        Assert.Equal(hours, streamed);
    }
}
