using PredictionSdk.Models.Drift;
using static PredictionSdk.Models.Tests.Drift.Streams;

namespace PredictionSdk.Models.Tests.Drift;

public sealed class AdwinTests
{
    [Fact]
    public void The_bucket_histogram_keeps_the_exact_mean_and_variance_of_an_uncut_window()
    {
        var values = Make(Kind.Gaussian, seed: 3, length: 5_000);
        var adwin = new Adwin();
        Assert.Empty(Run(adwin, values));

        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        Assert.Equal(values.Length, adwin.Width);
        Assert.Equal(mean, adwin.Mean, 10);
        Assert.Equal(variance, adwin.Variance, 10);
        Assert.Equal(mean, adwin.State.Estimate, 10);
    }

    [Theory]
    [InlineData(2, 10_000)]
    [InlineData(5, 10_000)]
    [InlineData(5, 100_000)]
    public void Memory_grows_with_the_log_of_the_window(int maxBuckets, int length)
    {
        var adwin = new Adwin(new AdwinOptions { MaxBucketsPerRow = maxBuckets, Clock = int.MaxValue });
        for (int i = 0; i < length; i++)
        {
            adwin.Update(i % 2);
        }

        // Row r holds at most M buckets of 2^r observations, so ⌈log₂(n/M + 1)⌉ rows suffice.
        int rows = (int)Math.Ceiling(Math.Log2(((double)length / maxBuckets) + 1));
        Assert.Equal(length, adwin.Width);
        Assert.InRange(adwin.BucketCount, rows, maxBuckets * rows);
        Assert.Equal(0.5, adwin.Mean, 12);
    }

    [Fact]
    public void A_cut_drops_the_old_level_and_keeps_estimating_the_new_one()
    {
        var values = Make(Kind.Gaussian, seed: 5, length: 6_000, changeAt: 3_000, change: 2);
        var adwin = new Adwin();
        var alarms = Run(adwin, values);

        Assert.NotEmpty(alarms);
        Assert.Equal(ChangeDirection.Increase, alarms[0].Direction);
        Assert.InRange(alarms[0].Index, 3_000, 3_100);
        // After the cut the window lies (almost) wholly after the change: its mean is the new level 0.7 + 2·0.2.
        Assert.InRange(adwin.Width, 2_800, 3_100);
        Assert.Equal(1.1, adwin.Mean, 1);
        Assert.Equal(alarms.Count, adwin.State.Detections);
    }

    // One change can cut more than once: after the first cut, what is left of the old level may become
    // significant again as new observations arrive, until it has left the window.
    [Fact]
    public void A_fall_is_reported_as_a_decrease()
    {
        var values = Make(Kind.Gaussian, seed: 6, length: 4_000, changeAt: 2_000, change: -2);
        var alarms = Run(new Adwin(), values);
        Assert.NotEmpty(alarms);
        Assert.All(alarms, a => Assert.Equal(ChangeDirection.Decrease, a.Direction));
        Assert.All(alarms, a => Assert.InRange(a.Index, 2_000, 2_400));
    }

    [Fact]
    public void The_state_shows_the_statistic_beside_its_bound_and_the_alarm_exceeds_it()
    {
        var adwin = new Adwin(new AdwinOptions { Clock = 1 });
        foreach (double v in Make(Kind.Gaussian, seed: 7, length: 1_000))
        {
            adwin.Update(v);
        }

        var calm = adwin.State;
        Assert.True(calm.Statistic < calm.Threshold, $"{calm.Statistic} vs {calm.Threshold}");
        for (int i = 0; i < 200; i++)
        {
            if (adwin.Update(2.0) != ChangeDirection.None)
            {
                var state = adwin.State;
                Assert.True(state.Statistic > state.Threshold, $"{state.Statistic} vs {state.Threshold}");
                return;
            }
        }

        Assert.Fail("a jump from 0.7 to 2.0 was not detected in 200 bars");
    }

    [Fact]
    public void Non_finite_values_are_counted_and_skipped()
    {
        var adwin = new Adwin();
        adwin.Update(0.5);
        Assert.Equal(ChangeDirection.None, adwin.Update(double.NaN));
        Assert.Equal(ChangeDirection.None, adwin.Update(double.PositiveInfinity));
        Assert.Equal(1, adwin.Width);
        Assert.Equal(1, adwin.State.Observations);
        Assert.Equal(2, adwin.State.Ignored);
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var adwin = new Adwin();
        Run(adwin, Make(Kind.Gaussian, seed: 8, length: 4_000, changeAt: 2_000, change: 2));
        adwin.Reset();
        Assert.Equal(0, adwin.Width);
        Assert.Equal(0, adwin.BucketCount);
        Assert.Equal(new DriftDetectorState(0, 0, 0, 0, double.NaN, double.NaN, 0), adwin.State);

        // And it works again from scratch: the same stream gives the same alarms.
        var again = Run(adwin, Make(Kind.Gaussian, seed: 8, length: 4_000, changeAt: 2_000, change: 2));
        Assert.Equal(Run(new Adwin(), Make(Kind.Gaussian, seed: 8, length: 4_000, changeAt: 2_000, change: 2)), again);
    }

    [Fact]
    public void Updating_allocates_nothing_once_the_rows_exist()
    {
        var adwin = new Adwin();
        var values = Make(Kind.Gaussian, seed: 9, length: 70_000);
        for (int i = 0; i < 65_536; i++)
        {
            adwin.Update(values[i]);
        }

        long allocated = 0;
        for (int i = 65_536; i < values.Length; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            adwin.Update(values[i]);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_delta_outside_zero_one_is_rejected(double delta)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Adwin(new AdwinOptions { Delta = delta }));
        Assert.Equal("Delta", ex.ParamName);
    }
}
