using PredictionSdk.Data.Resampling;

namespace PredictionSdk.Data.Tests.Resampling;

public class CandleAggregatorTests
{
    [Fact]
    public void Emits_the_bar_when_its_last_minute_arrives_and_exposes_the_partial_bar()
    {
        var minutes = TestData.Minutes(7);
        var aggregator = new CandleAggregator(Interval.FiveMinutes);
        for (int i = 0; i < 4; i++)
        {
            Assert.False(aggregator.Add(minutes[i], out _));
            Assert.Equal(i + 1, aggregator.Current!.Value.SourceCount);
            Assert.False(aggregator.Current!.Value.IsComplete);
            Assert.Equal(minutes[i].Close, aggregator.Current!.Value.Candle.Close);
        }

        Assert.True(aggregator.Add(minutes[4], out var bar));
        Assert.Equal(TestData.Start, bar.Candle.Timestamp);
        Assert.Equal(5, bar.SourceCount);
        Assert.True(bar.IsComplete);
        Assert.Null(aggregator.Current);

        Assert.False(aggregator.Add(minutes[5], out _));
        var preview = aggregator.Preview(minutes[6]);
        Assert.Equal(2, preview.SourceCount);
        Assert.Equal(minutes[6].Close, preview.Candle.Close);
        Assert.Equal(1, aggregator.Current!.Value.SourceCount);
    }

    [Fact]
    public void A_gap_closes_the_pending_bar_and_a_bar_completed_at_once_is_held()
    {
        var aggregator = new CandleAggregator(Interval.FiveMinutes);
        var a = new Candle(TestData.Start, 1, 2, 1, 2, 1);
        var b = new Candle(TestData.Start.AddMinutes(9), 2, 3, 2, 3, 1);
        var c = new Candle(TestData.Start.AddMinutes(10), 3, 4, 3, 4, 1);
        Assert.False(aggregator.Add(a, out _));
        Assert.True(aggregator.Add(b, out var first));
        Assert.Equal(TestData.Start, first.Candle.Timestamp);
        Assert.Equal(1, first.SourceCount);
        Assert.True(aggregator.Current!.Value.IsComplete);
        Assert.True(aggregator.Add(c, out var second));
        Assert.Equal(TestData.Start.AddMinutes(5), second.Candle.Timestamp);
        Assert.True(aggregator.Flush(out var partial));
        Assert.False(partial.IsComplete);
        Assert.False(aggregator.Flush(out _));
    }

    [Fact]
    public void Duplicate_minute_is_rejected_and_reset_starts_over()
    {
        var aggregator = new CandleAggregator(Interval.FifteenMinutes);
        var m = TestData.Minutes(2);
        aggregator.Add(m[0], out _);
        aggregator.Add(m[1], out _);
        Assert.Throws<CandleValidationException>(() => aggregator.Add(m[1], out _));
        aggregator.Reset();
        Assert.Null(aggregator.Current);
        Assert.False(aggregator.Add(m[0], out _));
    }
}
