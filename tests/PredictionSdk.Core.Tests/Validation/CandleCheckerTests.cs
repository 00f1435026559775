using PredictionSdk.Validation;

namespace PredictionSdk.Core.Tests.Validation;

public class CandleCheckerTests
{
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Candle Bar(int minute, double close = 100, double volume = 5) =>
        new(Start.AddMinutes(minute), close, close * 1.001, close * 0.999, close, volume);

    private static Candle[] Walk(int count, int seed = 7)
    {
        var random = new Random(seed);
        var bars = new Candle[count];
        double close = 100;
        for (int i = 0; i < count; i++)
        {
            double open = close;
            close = open * (1 + (0.001 * ((random.NextDouble() * 2) - 1)));
            bars[i] = new Candle(Start.AddMinutes(i), open, Math.Max(open, close) * 1.0005, Math.Min(open, close) * 0.9995, close, 10 * random.NextDouble());
        }

        return bars;
    }

    [Theory]
    [InlineData(0, 2, 1, 1.5, 1, CandleRule.NonPositivePrice, "open")]
    [InlineData(1, 2, 1, -1.5, 1, CandleRule.NonPositivePrice, "close")]
    [InlineData(1, double.NaN, 1, 1.5, 1, CandleRule.NonFinitePrice, "high")]
    [InlineData(1, 2, double.NegativeInfinity, 1.5, 1, CandleRule.NonFinitePrice, "low")]
    [InlineData(1, 2, 1, 1.5, -1, CandleRule.NegativeVolume, "volume")]
    [InlineData(1, 2, 1, 1.5, double.NaN, CandleRule.NonFiniteVolume, "volume")]
    [InlineData(1, 1.2, 1, 1.5, 1, CandleRule.OhlcInconsistent, "high")]
    [InlineData(1, 2, 1.2, 1.5, 1, CandleRule.OhlcInconsistent, "low")]
    public void Each_value_rule_rejects_naming_its_field(double o, double h, double l, double c, double v, CandleRule rule, string field)
    {
        var bar = new Candle(Start, o, h, l, c, v);
        var verdict = CandleRules.Check(bar, Interval.OneMinute);
        Assert.Equal(CandleAction.Reject, verdict.Action);
        Assert.Equal(rule, verdict.Rule);
        Assert.Equal(field, verdict.Field);
        Assert.False(bar.IsConsistent);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
    }

    [Fact]
    public void Repair_fixes_volume_bounds_and_alignment_but_never_a_price()
    {
        var bar = new Candle(Start.AddSeconds(30), 10, 9, 11, 10.5, -3);
        var verdict = CandleRules.Check(bar, Interval.OneMinute, repair: true);
        Assert.Equal(CandleAction.Repair, verdict.Action);
        Assert.Equal(CandleRepairs.Volume | CandleRepairs.High | CandleRepairs.Low | CandleRepairs.Timestamp, verdict.Repairs);
        Assert.Equal(new Candle(Start, 10, 11, 9, 10.5, 0), verdict.Candle);
        Assert.True(verdict.Candle.IsConsistent);

        var zero = CandleRules.Check(new Candle(Start, 10, 11, 9, 0, 1), Interval.OneMinute, repair: true);
        Assert.Equal(CandleAction.Reject, zero.Action);
        Assert.Contains("cannot be repaired", zero.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_accepted_bar_wins_and_later_duplicates_are_rejected()
    {
        var checker = new CandleChecker();
        Assert.Equal(CandleAction.Accept, checker.Check(Bar(0)).Action);
        var again = checker.Check(Bar(0, close: 101));
        Assert.Equal(CandleRule.Duplicate, again.Rule);
        Assert.Equal(100, checker.LastClose);

        // A rejected bar does not count as seen: the next bar for that minute is the first accepted one.
        Assert.True(checker.Check(Bar(1, close: 0)).IsRejected);
        Assert.Equal(CandleAction.Accept, checker.Check(Bar(1, close: 100.5)).Action);
        Assert.Equal(1, checker.RejectedBy(CandleRule.Duplicate));
        Assert.Equal(1, checker.RejectedBy(CandleRule.NonPositivePrice));
    }

    [Fact]
    public void A_late_bar_is_out_of_order_or_a_remembered_duplicate()
    {
        var strict = new CandleChecker();
        strict.Check(Bar(0));
        strict.Check(Bar(5));
        Assert.Equal(CandleRule.OutOfOrder, strict.Check(Bar(2)).Rule);

        var batch = new CandleChecker(new CandleCheckOptions { Repair = true, RememberTimestamps = true });
        batch.Check(Bar(0));
        batch.Check(Bar(5));
        var late = batch.Check(Bar(2));
        Assert.Equal(CandleAction.Repair, late.Action);
        Assert.Equal(CandleRepairs.Order, late.Repairs);
        Assert.Equal(CandleRule.Duplicate, batch.Check(Bar(2)).Rule);
        Assert.Equal(CandleRule.Duplicate, batch.Check(Bar(0)).Rule);
        Assert.Equal(Start.AddMinutes(5), batch.LastTimestamp);
    }

    [Fact]
    public void A_jump_is_rejected_until_confirmed_and_open_bars_never_confirm_it()
    {
        var checker = new CandleChecker(new CandleCheckOptions { MaxPriceJump = 0.25, JumpConfirmations = 3 });
        checker.Check(Bar(0));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(CandleRule.PriceJump, checker.Inspect(Bar(1, close: 150)).Rule);
        }

        var first = checker.Check(Bar(1, close: 150));
        Assert.Equal(CandleRule.PriceJump, first.Rule);
        Assert.Equal(1, first.JumpRun);
        Assert.Contains("1 of 3", first.Reason, StringComparison.Ordinal);
        Assert.Equal(CandleRule.PriceJump, checker.Check(Bar(2, close: 151)).Rule);
        var confirmed = checker.Check(Bar(3, close: 150.5));
        Assert.Equal(CandleAction.Accept, confirmed.Action);
        Assert.Equal(CandleNotes.LevelShift, confirmed.Notes & CandleNotes.LevelShift);
        Assert.Equal(150.5, checker.LastClose);
        Assert.Equal(CandleAction.Accept, checker.Check(Bar(4, close: 150)).Action);

        // A bar back inside the limit ends a run: the count starts again.
        var reset = new CandleChecker();
        reset.Check(Bar(0));
        reset.Check(Bar(1, close: 150));
        reset.Check(Bar(2, close: 101));
        Assert.Equal(1, reset.Check(Bar(3, close: 150)).JumpRun);
    }

    [Fact]
    public void Inspect_judges_an_open_bar_without_changing_the_history()
    {
        var checker = new CandleChecker();
        checker.Check(Bar(0));
        Assert.Equal(CandleAction.Accept, checker.Inspect(Bar(1)).Action);
        Assert.Equal(CandleRule.Duplicate, checker.Inspect(Bar(0)).Rule);
        Assert.Equal(Start, checker.LastTimestamp);
        Assert.Equal(1, checker.Checked);
        Assert.Equal(CandleAction.Accept, checker.Check(Bar(1)).Action);
    }

    [Fact]
    public void An_outlier_is_flagged_and_kept_and_a_gap_is_noted()
    {
        var bars = Walk(200);
        bars[120] = bars[120] with { Close = bars[120].Close * 1.05, High = bars[120].Close * 1.05 };
        var checker = new CandleChecker();
        var flagged = new List<int>();
        for (int i = 0; i < bars.Length; i++)
        {
            var verdict = checker.Check(bars[i]);
            Assert.True(verdict.IsUsable);
            if ((verdict.Notes & CandleNotes.Outlier) != 0)
            {
                flagged.Add(i);
            }
        }

        Assert.Equal([120, 121], flagged);
        Assert.Equal(2, checker.Outliers);

        var gap = checker.Check(bars[^1] with { Timestamp = bars[^1].Timestamp.AddMinutes(4) });
        Assert.Equal(CandleNotes.Gap, gap.Notes & CandleNotes.Gap);
        Assert.Equal(3, gap.MissingBars);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Outliers_match_a_sorting_reference_of_the_trailing_hampel_rule(int seed)
    {
        var bars = Walk(600, seed);
        if (seed == 4)
        {
            // A flat stretch (MAD 0, the mean-deviation fallback) with small steps in it.
            for (int i = 300; i < 400; i++)
            {
                double close = i % 17 == 0 ? bars[i - 1].Close * 1.0004 : bars[i - 1].Close;
                bars[i] = new Candle(bars[i].Timestamp, bars[i - 1].Close, Math.Max(close, bars[i - 1].Close), Math.Min(close, bars[i - 1].Close), close, 1);
            }
        }

        var random = new Random(seed);
        for (int k = 0; k < 12; k++)
        {
            int i = random.Next(40, 590);
            double f = 1 + (0.002 * (random.Next(2) == 0 ? -1 : 1) * (1 + random.Next(4)));
            bars[i] = bars[i] with { Close = bars[i].Close * f, High = Math.Max(bars[i].High, bars[i].Close * f), Low = Math.Min(bars[i].Low, bars[i].Close * f) };
        }

        var checker = new CandleChecker(new CandleCheckOptions { OutlierThreshold = 4 });
        var found = bars.Select((b, i) => (checker.Check(b), i)).Where(p => (p.Item1.Notes & CandleNotes.Outlier) != 0).Select(p => p.i).ToList();

        var expected = new List<int>();
        var returns = new List<double>();
        for (int i = 1; i < bars.Length; i++)
        {
            double r = Math.Log(bars[i].Close / bars[i - 1].Close);
            var window = returns.Skip(Math.Max(0, returns.Count - 30)).ToList();
            if (window.Count >= 5)
            {
                double median = SortedMedian(window);
                double scale = 1.4826 * SortedMedian(window.Select(x => Math.Abs(x - median)).ToList());
                if (scale == 0)
                {
                    scale = 1.2533 * window.Average(x => Math.Abs(x - median));
                }

                if (scale > 0 && Math.Abs(r - median) / scale > 4)
                {
                    expected.Add(i);
                }
            }

            returns.Add(r);
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, found);

        static double SortedMedian(List<double> values)
        {
            var sorted = values.Order().ToList();
            int mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    [Fact]
    public void Checking_a_bar_allocates_nothing()
    {
        var bars = Walk(5_000);
        var checker = new CandleChecker();
        for (int i = 0; i < 100; i++)
        {
            checker.Check(bars[i]);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 100; i < bars.Length; i++)
        {
            var verdict = checker.Check(bars[i]);
            checker.Inspect(bars[i] with { Timestamp = bars[i].Timestamp.AddMinutes(1) });
            Assert.True(verdict.IsUsable);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Batch_validation_is_a_loop_over_the_checker()
    {
        var bars = Walk(300).ToList();
        bars[40] = bars[40] with { Volume = -1 };
        bars[41] = bars[41] with { Close = 0 };
        bars.Insert(90, bars[89]);
        bars[150] = bars[150] with { Close = bars[150].Close * 1.04, High = bars[150].Close * 1.04 };

        var options = new CandleCheckOptions { Repair = true, RememberTimestamps = true };
        var result = CandleBatchCheck.Run(bars, options, ValidationPolicy.Repair, source: "walk");
        var checker = new CandleChecker(options);
        var expected = bars.Select(b => checker.Check(b)).Where(v => v.IsUsable).Select(v => v.Candle).ToList();
        Assert.Equal(expected, result.Candles);
        Assert.Equal(checker.Outliers, result.Count(CandleRule.Outlier));
        Assert.Equal(checker.Rejected, result.SkippedRows);
        Assert.Equal(checker.Repaired, result.RepairedRows);
        Assert.Equal([41L, 42L, 91L], result.Issues.Where(i => i.IsError).Select(i => i.Row));
        Assert.Contains("identical to row 90", result.Issues.Single(i => i.Rule == CandleRule.Duplicate).Detail, StringComparison.Ordinal);

        var summary = result.Summarize();
        Assert.Equal(301, summary.Rows);
        Assert.Equal(299, summary.Used);
        Assert.Equal(1, summary.Repaired);
        Assert.Equal(2, summary.Dropped);
        Assert.Equal(1, summary.Rules["duplicate"]);
        Assert.Equal(1, summary.Rules["nonPositivePrice"]);
        Assert.Equal("walk", summary.Source);
    }

    [Fact]
    public void Options_out_of_range_are_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CandleChecker(new CandleCheckOptions { MaxPriceJump = -1, JumpConfirmations = 0, OutlierHalfWindow = 1 }));
        Assert.Contains("MaxPriceJump", ex.Message, StringComparison.Ordinal);
        Assert.Contains("JumpConfirmations", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OutlierHalfWindow", ex.Message, StringComparison.Ordinal);
        Assert.False(new CandleCheckOptionsValidator().Validate(null, new CandleCheckOptions { OutlierThreshold = 0 }).Succeeded);
    }
}
