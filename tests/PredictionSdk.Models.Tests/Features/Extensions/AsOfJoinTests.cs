using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictionSdk.External;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Features.Extensions;

public class AsOfJoinTests
{
    private static readonly FeatureSpec Small = new()
    {
        RollingWindows = [3],
        VolumeWindows = [5],
        MultiScaleIntervals = [],
        ReturnLags = 1,
        WindowLength = 2,
    };

    private static FeatureSpec WithSeries(TimeSpan lag, bool allowMissing = false) => Small with
    {
        ExternalSeries = [new ExternalSeriesSpec { Name = "score", PublicationLag = lag, MaxAge = TimeSpan.FromDays(365), AllowMissing = allowMissing }],
    };

    private static FeatureExtensions Store(IEnumerable<ExternalObservation> observations)
    {
        var store = new ExternalSeriesStore();
        store.GetOrAdd("score").AppendRange(observations);
        return new FeatureExtensions(new FeatureRegistry(), store);
    }

    /// <summary>Observations at random minutes (some between bars, some far ahead of them), random values.</summary>
    private static List<ExternalObservation> RandomSeries(DateTime start, int bars, int seed)
    {
        var random = new Random(seed);
        var times = new SortedSet<DateTime>();
        int count = 1 + random.Next(40);
        for (int i = 0; i < count; i++)
        {
            times.Add(start.AddSeconds(random.Next(-600, (bars + 30) * 60)));
        }

        return times.Select(t => new ExternalObservation(t, Math.Round((random.NextDouble() * 2) - 1, 6))).ToList();
    }

    [Property(MaxTest = 60)]
    public Property Each_row_reads_the_latest_value_public_at_its_close(PositiveInt seed, NonNegativeInt lagMinutes)
    {
        IReadOnlyList<Candle> candles = TestData.RandomWalk(80, seed.Get);
        var lag = TimeSpan.FromMinutes(lagMinutes.Get % 30);
        var series = RandomSeries(candles[0].Timestamp, candles.Count, seed.Get);
        var matrix = FeaturePipeline.Transform(candles, WithSeries(lag), Store(series));
        int column = matrix.FeatureNames.ToList().IndexOf("ext_score");
        for (int i = 0; i < candles.Count; i++)
        {
            var close = candles[i].Timestamp.AddMinutes(1);
            var visible = series.Where(o => o.Timestamp + lag <= close).ToList();
            float expected = visible.Count == 0 ? 0f : (float)visible[^1].Value;
            if (matrix.Row(i)[column] != expected)
            {
                return false.Label($"row {i} (close {close:O}): {matrix.Row(i)[column]} vs {expected}");
            }

            // A row without any public value is not ready: the model never sees a made-up 0.
            if (visible.Count == 0 && matrix.Ready[i])
            {
                return false.Label($"row {i} is ready without a public value");
            }
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 60)]
    public Property Shifting_the_series_later_never_changes_earlier_rows(PositiveInt seed, PositiveInt cutSeed, PositiveInt shiftMinutes, NonNegativeInt lagMinutes)
    {
        IReadOnlyList<Candle> candles = TestData.RandomWalk(80, seed.Get);
        var lag = TimeSpan.FromMinutes(lagMinutes.Get % 30);
        var series = RandomSeries(candles[0].Timestamp, candles.Count, seed.Get);
        var cut = candles[0].Timestamp.AddMinutes(cutSeed.Get % candles.Count);
        var shift = TimeSpan.FromMinutes(1 + (shiftMinutes.Get % 500));

        // Everything stamped at or after the cut is published later; earlier observations stay.
        var shifted = series.Select(o => o.Timestamp >= cut ? o with { Timestamp = o.Timestamp + shift } : o).ToList();
        var a = FeaturePipeline.Transform(candles, WithSeries(lag), Store(series));
        var b = FeaturePipeline.Transform(candles, WithSeries(lag), Store(shifted));
        for (int i = 0; i < candles.Count; i++)
        {
            var close = candles[i].Timestamp.AddMinutes(1);
            if (close - lag >= cut)
            {
                break;
            }

            if (!a.Row(i).SequenceEqual(b.Row(i)) || a.Ready[i] != b.Ready[i])
            {
                return false.Label($"row {i} (close {close:O}, cut {cut:O}) changed");
            }
        }

        return true.ToProperty();
    }

    [Fact]
    public void A_larger_publication_lag_hides_a_value_until_it_is_public()
    {
        IReadOnlyList<Candle> candles = TestData.RandomWalk(30, 7);
        var t0 = candles[10].Timestamp;
        var extensions = Store([new(candles[0].Timestamp, 1.0), new(t0, 2.0)]);
        var noLag = FeaturePipeline.Transform(candles, WithSeries(TimeSpan.Zero), extensions);
        var lagged = FeaturePipeline.Transform(candles, WithSeries(TimeSpan.FromMinutes(5)), extensions);
        int column = noLag.FeatureNames.ToList().IndexOf("ext_score");

        // Bar 10 opens at t0 and closes a minute later: the value stamped t0 is public then without lag ...
        Assert.Equal(2f, noLag.Row(10)[column]);

        // ... but with a 5-minute lag only from the bar closing at t0 + 5 min (bar 14).
        Assert.Equal(1f, lagged.Row(13)[column]);
        Assert.Equal(2f, lagged.Row(14)[column]);
    }

    [Fact]
    public void A_stale_series_makes_rows_not_ready_or_flags_them_missing_when_allowed()
    {
        IReadOnlyList<Candle> candles = TestData.RandomWalk(200, 3);
        var only = Store([new(candles[0].Timestamp, 0.5)]);
        var strict = Small with { ExternalSeries = [new ExternalSeriesSpec { Name = "score", MaxAge = TimeSpan.FromMinutes(30) }] };
        var lenient = Small with { ExternalSeries = [new ExternalSeriesSpec { Name = "score", MaxAge = TimeSpan.FromMinutes(30), AllowMissing = true }] };

        var pipeline = new FeaturePipeline(strict, only);
        foreach (var bar in candles)
        {
            pipeline.Update(bar);
        }

        Assert.False(pipeline.IsReady);
        Assert.Equal("score", pipeline.StaleSeries);
        var error = Assert.Throws<ExternalSeriesStaleException>(() => pipeline.ThrowIfStale("BTC-USD"));
        Assert.Equal("score", error.Series);
        Assert.Contains("BTC-USD", error.Message);

        var allowed = FeaturePipeline.Transform(candles, lenient, only);
        int missing = allowed.FeatureNames.ToList().IndexOf("ext_score_missing");
        Assert.Equal(0f, allowed.Row(10)[missing]);
        Assert.Equal(1f, allowed.Row(199)[missing]);
        Assert.True(allowed.Ready[199]);
    }

    [Fact]
    public void The_series_keeps_the_first_value_for_a_time_and_never_rewrites_history()
    {
        var series = new ExternalSeries("funding", capacity: 10);
        var t = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.True(series.Append(new(t, 1)));
        Assert.False(series.Append(new(t, 2)));
        Assert.False(series.Append(new(t.AddMinutes(-1), 3)));
        Assert.Equal(1, series.Duplicates);
        Assert.Equal(1, series.OutOfOrder);
        Assert.True(series.TryGetAsOf(t.AddHours(1), TimeSpan.Zero, out var value));
        Assert.Equal(1, value.Value);
        Assert.Throws<ExternalSeriesException>(() => series.Append(new(t.AddMinutes(1), double.NaN)));

        for (int i = 1; i <= 20; i++)
        {
            series.Append(new(t.AddMinutes(i), i));
        }

        Assert.InRange(series.Count, 2, 10);
        Assert.Equal(20, series.Latest!.Value.Value);
    }
}
