using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class RollingStatisticsTests
{
    [Property(MaxTest = 80)]
    public Property Moments_match_a_recomputation_and_previews_equal_the_commit(PositiveInt seed, PositiveInt periodSeed, PositiveInt lengthSeed)
    {
        var random = new Random(seed.Get);
        int period = 1 + (periodSeed.Get % 70);
        int length = 1 + (lengthSeed.Get % 300);
        var window = new RollingStatistics(period);
        var all = new List<double>();
        bool ok = true;
        for (int i = 0; i < length; i++)
        {
            // Log-return-sized values, sometimes repeated exactly, so flat stretches occur.
            double x = random.Next(4) == 0 && all.Count > 0 ? all[^1] : (random.NextDouble() - 0.5) * 1e-3;
            RollingMoments preview = window.PreviewMoments(x);
            double previewSum = window.PreviewSum(x);
            window.Add(x);
            all.Add(x);
            ok &= preview == window.Moments() && previewSum.Equals(window.Sum);

            double[] held = [.. all.Skip(Math.Max(0, all.Count - period))];
            double mean = held.Average();
            double m2 = held.Sum(v => (v - mean) * (v - mean)) / held.Length;
            double m3 = held.Sum(v => (v - mean) * (v - mean) * (v - mean)) / held.Length;
            RollingMoments moments = window.Moments();
            ok &= moments.Count == held.Length && window.Count == held.Length;
            ok &= Math.Abs(moments.Mean - mean) <= 1e-15 && Math.Abs(moments.StdDev - Math.Sqrt(m2)) <= 1e-12;
            ok &= Math.Abs(window.Sum - held.Sum()) <= 1e-15;
            ok &= held.All(v => v == held[0]) ? moments.StdDev == 0 && double.IsNaN(moments.Skewness)
                : m2 < 1e-14 || Math.Abs(moments.Skewness - (m3 / Math.Pow(m2, 1.5))) <= 1e-6 * (1 + Math.Abs(moments.Skewness));
            for (int ago = 0; ago < held.Length; ago++)
            {
                ok &= window[ago] == held[^(ago + 1)];
            }
        }

        return ok.ToProperty();
    }

    [Fact]
    public void A_flat_window_has_exactly_zero_spread_at_any_price_level()
    {
        var window = new RollingStatistics(20);
        for (int i = 0; i < 50; i++)
        {
            window.Add(43_123.17);
        }

        Assert.Equal(0, window.Moments().StdDev);
        Assert.True(double.IsNaN(window.Moments().Skewness));
        Assert.Equal(0, window.PreviewMoments(43_123.17).StdDev);
    }

    [Fact]
    public void Skewness_has_the_sign_of_the_long_tail()
    {
        var window = new RollingStatistics(5);
        foreach (double x in new[] { 0.0, 0, 0, 0, 10 })
        {
            window.Add(x);
        }

        // Population skewness of {0, 0, 0, 0, 10}: m2 = 16, m3 = 96 → 96 / 64 = 1.5.
        Assert.Equal(1.5, window.Moments().Skewness, 12);
        Assert.Equal(Skew([0, 0, 0, 10, -20]), window.PreviewMoments(-20).Skewness, 12);
        Assert.True(window.PreviewMoments(-20).Skewness < 0);
        Assert.Equal(1.5, window.Moments().Skewness, 12);
    }

    [Fact]
    public void A_non_finite_value_poisons_the_window_until_it_leaves()
    {
        var window = new RollingStatistics(3);
        window.Add(1);
        window.Add(double.NaN);
        window.Add(2);
        Assert.True(double.IsNaN(window.Sum));
        Assert.True(double.IsNaN(window.Moments().Mean));
        window.Add(3);
        window.Add(4);
        Assert.Equal(9, window.Sum);
        Assert.Equal(3, window.Moments().Mean);
    }

    [Fact]
    public void Reading_past_the_held_values_or_a_bad_period_is_rejected()
    {
        var window = new RollingStatistics(4);
        window.Add(1);
        Assert.Equal("ago", Assert.Throws<ArgumentOutOfRangeException>(() => window[1]).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new RollingStatistics(0)).ParamName);
        window.Reset();
        Assert.Equal(0, window.Count);
        Assert.Equal(0, window.Moments().Count);
    }

    private static double Skew(double[] values)
    {
        double mean = values.Average();
        double m2 = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        double m3 = values.Sum(v => Math.Pow(v - mean, 3)) / values.Length;
        return m3 / Math.Pow(m2, 1.5);
    }
}
