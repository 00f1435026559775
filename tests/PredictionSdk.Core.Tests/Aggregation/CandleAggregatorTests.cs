using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictionSdk.Core.Tests.Aggregation;

public class CandleAggregatorTests
{
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Emits_the_bar_when_its_last_minute_arrives_and_exposes_the_partial_bar()
    {
        var minutes = Minutes(7);
        var aggregator = new CandleAggregator(Interval.FiveMinutes);
        for (int i = 0; i < 4; i++)
        {
            Assert.False(aggregator.Add(minutes[i], out _));
            Assert.Equal(i + 1, aggregator.Current!.Value.SourceCount);
            Assert.False(aggregator.Current!.Value.IsComplete);
            Assert.Equal(minutes[i].Close, aggregator.Current!.Value.Candle.Close);
        }

        Assert.True(aggregator.Add(minutes[4], out var bar));
        Assert.Equal(Start, bar.Candle.Timestamp);
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
        var a = new Candle(Start, 1, 2, 1, 2, 1);
        var b = new Candle(Start.AddMinutes(9), 2, 3, 2, 3, 1);
        var c = new Candle(Start.AddMinutes(10), 3, 4, 3, 4, 1);
        Assert.False(aggregator.Add(a, out _));
        Assert.True(aggregator.Add(b, out var first));
        Assert.Equal(Start, first.Candle.Timestamp);
        Assert.Equal(1, first.SourceCount);
        Assert.True(aggregator.Current!.Value.IsComplete);
        Assert.True(aggregator.Add(c, out var second));
        Assert.Equal(Start.AddMinutes(5), second.Candle.Timestamp);
        Assert.True(aggregator.Flush(out var partial));
        Assert.False(partial.IsComplete);
        Assert.False(aggregator.Flush(out _));
    }

    [Fact]
    public void Duplicate_minute_is_rejected_and_reset_starts_over()
    {
        var aggregator = new CandleAggregator(Interval.FifteenMinutes);
        var m = Minutes(2);
        aggregator.Add(m[0], out _);
        aggregator.Add(m[1], out _);
        var error = Assert.Throws<CandleValidationException>(() => aggregator.Add(m[1], out _));
        Assert.Equal("timestamp", error.Field);
        Assert.Throws<CandleValidationException>(() => aggregator.PreviewCompleted(m[1], out _));
        aggregator.Reset();
        Assert.Null(aggregator.Current);
        Assert.False(aggregator.Add(m[0], out _));
    }

    [Property(MaxTest = 100)]
    public Property Preview_of_the_completed_bar_answers_what_add_then_returns(PositiveInt seed)
    {
        // Minute bars with random gaps, so both the on-time and the late completion paths are taken.
        var random = new Random(seed.Get);
        var five = new CandleAggregator(Interval.FiveMinutes);
        var time = Start.AddMinutes(random.Next(0, 30));
        bool same = true;
        int completions = 0;
        for (int i = 0; i < 300; i++)
        {
            var bar = new Candle(time, 10 + i, 12 + i, 9 + i, 11 + i, i);
            var before = five.Current;
            bool previewed = five.PreviewCompleted(bar, out var expected);
            same &= five.Current == before;
            bool added = five.Add(bar, out var completed);
            same &= previewed == added && (!added || expected == completed);
            completions += added ? 1 : 0;
            time = time.AddMinutes(random.Next(0, 8) == 0 ? random.Next(2, 40) : 1);
        }

        return (same && completions > 0).ToProperty();
    }

    [Fact]
    public void Aggregated_bars_carry_their_source_counts_and_incompleteness()
    {
        var minutes = Minutes(12);
        var five = new CandleAggregator(Interval.FiveMinutes);
        var fifteen = new CandleAggregator(Interval.FifteenMinutes, Interval.FiveMinutes);
        foreach (var minute in minutes)
        {
            if (five.Add(minute, out var bar))
            {
                Assert.False(fifteen.Add(bar, out _));
            }
        }

        Assert.True(five.Flush(out var partialFive));
        Assert.False(partialFive.IsComplete);
        Assert.False(fifteen.Add(partialFive, out _));
        Assert.True(fifteen.Flush(out var quarter));
        Assert.Equal(12, quarter.SourceCount);
        Assert.False(quarter.IsComplete);
        Assert.Equal(minutes.Sum(m => m.Volume), quarter.Candle.Volume);
    }

    private static List<Candle> Minutes(int count)
    {
        var result = new List<Candle>(count);
        double price = 100;
        for (int i = 0; i < count; i++)
        {
            double open = price;
            double close = open + ((((i * 37) % 11) - 5) * 0.25);
            result.Add(new Candle(Start.AddMinutes(i), open, Math.Max(open, close) + ((i % 3) * 0.5), Math.Min(open, close) - ((i % 4) * 0.25), close, 10 + (i % 7)));
            price = close;
        }

        return result;
    }
}
