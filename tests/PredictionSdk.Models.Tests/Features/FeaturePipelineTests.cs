using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictionSdk.Models.Features;
using PredictionSdk.Validation;

namespace PredictionSdk.Models.Tests.Features;

public class FeaturePipelineTests
{
    // Small look-backs keep the property tests fast while exercising every feature family.
    private static readonly FeatureSpec Small = new()
    {
        RollingWindows = [3, 7],
        VolumeWindows = [5],
        MultiScaleIntervals = ["5m", "15m"],
        MultiScalePeriod = 3,
        WindowLength = 4,
    };

    [Fact]
    public void Default_spec_has_at_least_fifty_unique_features()
    {
        var pipeline = new FeaturePipeline(FeatureSpec.Default());
        Assert.True(pipeline.FeatureCount >= 50, $"only {pipeline.FeatureCount} features");
        Assert.Equal(pipeline.FeatureCount, pipeline.FeatureNames.Distinct().Count());
        Assert.Contains("rsi_14_1h", pipeline.FeatureNames);
        Assert.Contains("session_open", pipeline.FeatureNames);
    }

    [Fact]
    public void Becomes_ready_within_warmup_on_real_data_and_rows_are_finite()
    {
        var candles = TestData.Btc(1500);
        var pipeline = new FeaturePipeline(FeatureSpec.Default());
        int readyAt = -1;
        for (int i = 0; i < candles.Count; i++)
        {
            var row = pipeline.Update(candles[i]);
            if (pipeline.IsReady && readyAt < 0)
            {
                readyAt = i + 1;
            }

            foreach (float v in row)
            {
                Assert.True(float.IsFinite(v));
            }
        }

        Assert.InRange(readyAt, 1, pipeline.WarmupBars);
        Assert.True(readyAt > pipeline.WarmupBars - 60, $"ready at {readyAt}, warm-up {pipeline.WarmupBars}");
    }

    [Property(MaxTest = 40)]
    public Property Batch_and_online_rows_are_identical(PositiveInt seed, PositiveInt lengthSeed)
    {
        int length = 30 + (lengthSeed.Get % 120);
        var candles = TestData.RandomWalk(length, seed.Get);
        var batch = FeaturePipeline.Transform(candles, Small);

        // Online: one long-lived pipeline.
        var online = new FeaturePipeline(Small);
        bool same = true;
        for (int i = 0; i < length; i++)
        {
            same &= online.Update(candles[i]).SequenceEqual(batch.Row(i));
        }

        // A fresh pipeline fed the same history up to a cut, and a preview of the next bar.
        int cut = 1 + (seed.Get % (length - 1));
        var fresh = new FeaturePipeline(Small);
        for (int i = 0; i < cut; i++)
        {
            fresh.Update(candles[i]);
        }

        same &= fresh.Current.SequenceEqual(batch.Row(cut - 1));
        same &= fresh.Preview(candles[cut]).SequenceEqual(batch.Row(cut));
        same &= fresh.Current.SequenceEqual(batch.Row(cut - 1));
        same &= fresh.Update(candles[cut]).SequenceEqual(batch.Row(cut));

        // Reset forgets everything.
        online.Reset();
        for (int i = 0; i < length; i++)
        {
            same &= online.Update(candles[i]).SequenceEqual(batch.Row(i));
        }

        return same.ToProperty();
    }

    [Property(MaxTest = 40)]
    public Property Changing_later_bars_does_not_change_earlier_rows(PositiveInt seed)
    {
        var candles = TestData.RandomWalk(90, seed.Get);
        int t = 10 + (seed.Get % 70);
        var altered = (Candle[])candles.Clone();
        var random = new Random(seed.Get + 1);
        for (int i = t + 1; i < altered.Length; i++)
        {
            double f = 0.5 + random.NextDouble();
            var c = altered[i];
            altered[i] = c with { Open = c.Open * f, High = c.High * f * 1.01, Low = c.Low * f * 0.99, Close = c.Close * f, Volume = c.Volume * 3 + 1 };
        }

        var original = FeaturePipeline.Transform(candles, Small);
        var changed = FeaturePipeline.Transform(altered, Small);
        bool same = true;
        for (int i = 0; i <= t; i++)
        {
            same &= original.Row(i).SequenceEqual(changed.Row(i));
        }

        // The alteration must show up later, or the test could not fail.
        bool differs = !original.Row(t + 1).SequenceEqual(changed.Row(t + 1));
        return (same && differs).ToProperty();
    }

    [Fact]
    public void Multi_scale_features_use_only_completed_higher_bars()
    {
        var candles = TestData.RandomWalk(40, 7, new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        var pipeline = new FeaturePipeline(Small);
        int column = pipeline.FeatureNames.ToList().IndexOf("ret_5m");
        var matrix = FeaturePipeline.Transform(candles, Small);

        // The 5m return changes only on rows that close a 5-minute bar (minute 4, 9, 14, ...).
        for (int i = 1; i < candles.Length; i++)
        {
            bool closesBucket = (i + 1) % 5 == 0;
            if (!closesBucket)
            {
                Assert.Equal(matrix.Row(i - 1)[column], matrix.Row(i)[column]);
            }
        }

        // Row 9 closes the second 5m bar: its return is ln(close[9] / close[4]).
        Assert.Equal((float)Math.Log(candles[9].Close / candles[4].Close), matrix.Row(9)[column], 6);
    }

    [Fact]
    public void Non_finite_input_is_rejected_with_field_and_timestamp_and_state_is_kept()
    {
        var candles = TestData.RandomWalk(30, 3);
        var pipeline = new FeaturePipeline(Small);
        for (int i = 0; i < 20; i++)
        {
            pipeline.Update(candles[i]);
        }

        var bad = candles[20] with { Close = double.NaN };
        var error = Assert.Throws<FeatureException>(() => pipeline.Update(bad));
        Assert.Equal("input.close", error.Feature);
        Assert.Equal(candles[20].Timestamp, error.Timestamp);
        Assert.Contains("2024-03-01T00:20:00Z", error.Message, StringComparison.Ordinal);

        var expected = FeaturePipeline.Transform(candles, Small);
        Assert.True(pipeline.Update(candles[20]).SequenceEqual(expected.Row(20)));
        Assert.Equal(21, pipeline.Count);
    }

    [Fact]
    public void Overflowing_feature_is_named_with_its_timestamp()
    {
        var candles = TestData.RandomWalk(10, 5);
        var pipeline = new FeaturePipeline(Small);
        for (int i = 0; i < 9; i++)
        {
            pipeline.Update(candles[i]);
        }

        var huge = new Candle(candles[9].Timestamp, 1e200, 1e200, 1e200, 1e200, 1e200);
        var error = Assert.Throws<FeatureException>(() => pipeline.Update(huge));
        Assert.Contains(error.Feature!, pipeline.FeatureNames);
        Assert.Equal(huge.Timestamp, error.Timestamp);
    }

    [Theory]
    [InlineData("close above high", "input.high")]
    [InlineData("zero low", "input.low")]
    [InlineData("off the minute", "input.timestamp")]
    public void Input_is_judged_by_the_shared_candle_rules(string fault, string field)
    {
        var candles = TestData.RandomWalk(10, 2);
        var pipeline = new FeaturePipeline(Small);
        for (int i = 0; i < 5; i++)
        {
            pipeline.Update(candles[i]);
        }

        var c = candles[5];
        var bad = fault switch
        {
            "close above high" => c with { Close = c.High * 1.01 },
            "zero low" => c with { Low = 0 },
            _ => c with { Timestamp = c.Timestamp.AddSeconds(30) },
        };
        var error = Assert.Throws<FeatureException>(() => pipeline.Update(bad));
        Assert.Equal(field, error.Feature);
        Assert.Equal(5, pipeline.Count);
        Assert.Contains($": {CandleRules.Check(bad, Interval.OneMinute).Rule}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_order_bar_is_rejected()
    {
        var candles = TestData.RandomWalk(5, 1);
        var pipeline = new FeaturePipeline(Small);
        pipeline.Update(candles[3]);
        var error = Assert.Throws<FeatureException>(() => pipeline.Update(candles[2]));
        Assert.Equal("input.timestamp", error.Feature);
    }

    [Fact]
    public void Stock_session_flag_follows_new_york_regular_hours()
    {
        var spec = Small with { AssetClass = AssetClass.Stock };
        var pipeline = new FeaturePipeline(spec);
        int open = pipeline.FeatureNames.ToList().IndexOf("session_open");
        int progress = pipeline.FeatureNames.ToList().IndexOf("session_progress");
        // 2025-05-01 is a Thursday in daylight time: 13:29 UTC = 09:29 New York, 13:30 = 09:30, 19:59 = 15:59, 20:00 = 16:00.
        var day = new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        float[] Row(int hour, int minute)
        {
            pipeline.Update(new Candle(day.AddHours(hour).AddMinutes(minute), 10, 10, 10, 10, 1));
            return pipeline.Current.ToArray();
        }

        Assert.Equal(0f, Row(13, 29)[open]);
        Assert.Equal(1f, Row(13, 30)[open]);
        Assert.Equal(0f, pipeline.Current[progress]);
        Assert.Equal(195f / 390f, Row(16, 45)[progress], 5);
        Assert.Equal(1f, Row(19, 59)[open]);
        Assert.Equal(0f, Row(20, 0)[open]);
    }

    [Fact]
    public void Spec_round_trips_through_json_and_selects_features()
    {
        var spec = Small with { Features = ["ret_1", "rsi_14", "vol_z_5"], Horizons = [1, 3] };
        var back = FeatureSpec.FromJson(spec.ToJson());
        Assert.Equal(spec, back);
        var pipeline = new FeaturePipeline(back);
        Assert.Equal(["ret_1", "rsi_14", "vol_z_5"], pipeline.FeatureNames);

        var unknown = Assert.Throws<ArgumentException>(() => new FeaturePipeline(Small with { Features = ["price"] }));
        Assert.Contains("'price'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(99, Assert.Throws<FeatureSpecVersionException>(() => FeatureSpec.FromJson("{\"version\": 99}")).Version);
    }

    [Fact]
    public void Features_are_scale_free()
    {
        // Multiplying every price by 1000 must leave every feature unchanged (no raw price levels).
        var candles = TestData.RandomWalk(120, 11);
        var scaled = candles.Select(c => c with { Open = c.Open * 1000, High = c.High * 1000, Low = c.Low * 1000, Close = c.Close * 1000 }).ToArray();
        var a = FeaturePipeline.Transform(candles, Small);
        var b = FeaturePipeline.Transform(scaled, Small);
        for (int j = 0; j < a.Columns; j++)
        {
            for (int i = 0; i < a.Rows; i++)
            {
                Assert.True(Math.Abs(a.Row(i)[j] - b.Row(i)[j]) <= 1e-4 * (1 + Math.Abs(a.Row(i)[j])), $"{a.FeatureNames[j]} row {i}: {a.Row(i)[j]} vs {b.Row(i)[j]}");
            }
        }
    }
}
