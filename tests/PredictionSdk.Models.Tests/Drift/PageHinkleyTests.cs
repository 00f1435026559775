using PredictionSdk.Models.Drift;
using static PredictionSdk.Models.Tests.Drift.Streams;

namespace PredictionSdk.Models.Tests.Drift;

public sealed class PageHinkleyTests
{
    // Raw units, no forgetting, no tolerance: after 100 zeros, ones arrive. With k ones seen, the running mean is
    // k/(100 + k), so the k-th one adds 1 − k/(100 + k) to m_T and nothing lowers it: the alarm comes at the first K
    // with Σ_{k≤K} 100/(100 + k) > λ.
    [Theory]
    [InlineData(5.0)]
    [InlineData(10.0)]
    [InlineData(30.0)]
    public void Alarms_exactly_when_the_cumulative_deviation_passes_lambda(double lambda)
    {
        var test = new PageHinkley(new PageHinkleyOptions { Standardize = false, WarmUp = 0, Delta = 0, Alpha = 1, Lambda = lambda });
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(ChangeDirection.None, test.Update(0));
        }

        int expected = 0;
        double sum = 0;
        while (sum <= lambda)
        {
            expected++;
            sum += 100.0 / (100 + expected);
        }

        int k = 0;
        ChangeDirection direction;
        do
        {
            k++;
            direction = test.Update(1);
        }
        while (direction == ChangeDirection.None && k < 10_000);

        Assert.Equal(ChangeDirection.Increase, direction);
        Assert.Equal(expected, k);
        Assert.Equal(sum, test.State.Statistic, 9);
        Assert.Equal(lambda, test.State.Threshold);
    }

    [Fact]
    public void Watches_only_the_sides_it_is_asked_to()
    {
        var fall = Make(Kind.Gaussian, seed: 2, length: 3_000, changeAt: 1_500, change: -2);
        var rise = Make(Kind.Gaussian, seed: 2, length: 3_000, changeAt: 1_500, change: 2);

        Assert.Empty(Run(new PageHinkley(), fall));
        Assert.Equal(ChangeDirection.Increase, Run(new PageHinkley(), rise)[0].Direction);
        Assert.Equal(ChangeDirection.Decrease, Run(new PageHinkley(new PageHinkleyOptions { Sides = ChangeSides.Decrease }), fall)[0].Direction);
        Assert.Empty(Run(new PageHinkley(new PageHinkleyOptions { Sides = ChangeSides.Decrease }), rise));
        var both = new PageHinkley(new PageHinkleyOptions { Sides = ChangeSides.Both });
        Assert.Equal(ChangeDirection.Decrease, Run(both, fall)[0].Direction);
    }

    [Fact]
    public void No_alarm_during_the_warm_up_and_the_scale_is_its_standard_deviation()
    {
        var values = Make(Kind.Gaussian, seed: 4, length: 500);
        values[100] = 50; // an outlier inside the warm-up
        var test = new PageHinkley(new PageHinkleyOptions { WarmUp = 500 });
        Assert.Empty(Run(test, values));

        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.Equal(sd, test.Scale, 9);
        Assert.Equal(mean, test.State.Estimate, 9);
    }

    [Fact]
    public void The_statistic_is_in_raw_units_beside_lambda_times_the_scale()
    {
        var values = Make(Kind.Gaussian, seed: 5, length: 3_000, changeAt: 2_000, change: 3);
        var test = new PageHinkley();
        for (int t = 0; t < values.Length; t++)
        {
            if (test.Update(values[t]) != ChangeDirection.None)
            {
                var state = test.State;
                Assert.True(state.Statistic > state.Threshold);
                Assert.Equal(35 * 0.2, state.Threshold, 0); // λ = 35 σ̂ with σ̂ ≈ 0.2
                Assert.Equal(0, state.WindowLength); // it restarts after an alarm
                Assert.True(double.IsNaN(test.Scale));
                return;
            }
        }

        Assert.Fail("a +3σ rise was not detected");
    }

    [Fact]
    public void A_constant_warm_up_waits_for_the_stream_to_vary()
    {
        var test = new PageHinkley(new PageHinkleyOptions { WarmUp = 10, Lambda = 5 });
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(ChangeDirection.None, test.Update(1.0));
        }

        Assert.Equal(0, test.Scale);
        var random = new Random(1);
        for (int i = 0; i < 200; i++)
        {
            test.Update(1.0 + (0.01 * Normal(random)));
        }

        Assert.True(test.Scale > 0);
    }

    [Fact]
    public void Updating_allocates_nothing()
    {
        var test = new PageHinkley();
        var values = Make(Kind.Pinball, seed: 1, length: 20_000);
        test.Update(values[0]);
        long allocated = 0;
        for (int i = 1; i < values.Length; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            test.Update(values[i]);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("Lambda")]
    [InlineData("Alpha")]
    [InlineData("WarmUp")]
    [InlineData("Delta")]
    public void Out_of_range_settings_are_rejected_by_name(string setting)
    {
        var options = new PageHinkleyOptions();
        switch (setting)
        {
            case "Lambda": options.Lambda = 0; break;
            case "Alpha": options.Alpha = 1.5; break;
            case "WarmUp": options.WarmUp = 1; break;
            default: options.Delta = -1; break;
        }

        Assert.Equal(setting, Assert.Throws<ArgumentOutOfRangeException>(() => new PageHinkley(options)).ParamName);
    }
}
