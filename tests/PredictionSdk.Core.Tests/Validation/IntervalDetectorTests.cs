using PredictionSdk.Validation;

namespace PredictionSdk.Core.Tests.Validation;

public class IntervalDetectorTests
{
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static IEnumerable<Candle> Bars(int count, TimeSpan step, Func<int, bool>? skip = null) =>
        Enumerable.Range(0, count).Where(i => skip is null || !skip(i)).Select(i => new Candle(Start + (step * i), 100, 101, 99, 100, 1));

    [Fact]
    public void Five_minute_bars_contradict_a_one_minute_consumer()
    {
        var bars = Bars(100, TimeSpan.FromMinutes(5)).ToList();
        Assert.Equal(Interval.FiveMinutes, IntervalDetector.Detect(bars));
        var ex = Assert.Throws<IntervalMismatchException>(() => IntervalDetector.EnsureMatches(Interval.OneMinute, bars, "btc-5m.csv", "the model m.psdk"));
        Assert.Equal(Interval.OneMinute, ex.Expected);
        Assert.Equal(Interval.FiveMinutes, ex.Detected);
        Assert.StartsWith("btc-5m.csv: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the model m.psdk uses 1m bars", ex.Message, StringComparison.Ordinal);
        IntervalDetector.EnsureMatches(Interval.FiveMinutes, bars, null, "x");
    }

    [Fact]
    public void Gaps_and_sessions_do_not_mislead_it()
    {
        // A stock day: 390 minutes, then an overnight break, twice; and crypto minutes with every seventh missing.
        var stock = Bars(390, TimeSpan.FromMinutes(1)).Concat(Bars(390, TimeSpan.FromMinutes(1)).Select(c => c with { Timestamp = c.Timestamp.AddDays(1) }));
        IntervalDetector.EnsureMatches(Interval.OneMinute, stock, null, "x");
        IntervalDetector.EnsureMatches(Interval.OneMinute, Bars(500, TimeSpan.FromMinutes(1), i => i % 7 == 3), null, "x");
    }

    [Fact]
    public void Too_little_evidence_says_nothing()
    {
        var detector = new IntervalDetector();
        foreach (var bar in Bars(5, TimeSpan.FromMinutes(5)))
        {
            detector.Add(bar.Timestamp);
        }

        Assert.Equal(Interval.FiveMinutes, detector.Detected);
        Assert.False(detector.Contradicts(Interval.OneMinute, out _));
        detector.Reset();
        Assert.Null(detector.Detected);
    }
}
