using PredictionSdk.Models.Calibration;

namespace PredictionSdk.Models.Tests.Calibration;

public sealed class AdaptiveConformalTests
{
    // Static intervals sized for a standard normal (±1.645 covers 90 %), replayed on outcomes whose scale
    // has drifted: the static coverage is wrong, the adapted one must come back to the target.
    [Theory]
    [InlineData(0.4, 0.9, 1, 11)]
    [InlineData(2.5, 0.9, 1, 12)]
    [InlineData(0.5, 0.8, 5, 13)]
    [InlineData(2.0, 0.95, 15, 14)]
    public void Adapted_coverage_returns_to_the_target_when_the_scale_drifts(double scale, double level, int delay, int seed)
    {
        const int n = 6000;
        var random = new Random(seed);
        double z = Normal.Quantile(0.5 + (level / 2));
        var lower = Enumerable.Repeat(-z, n).ToArray();
        var upper = Enumerable.Repeat(z, n).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => scale * Normal.Sample(random)).ToArray();

        double staticCoverage = y.Count(v => v >= -z && v <= z) / (double)n;
        var adapted = AdaptiveConformal.Replay(lower, upper, y, new AdaptiveConformal(level), delay);

        Assert.True(Math.Abs(staticCoverage - level) > 0.04, $"the drift should break static coverage ({staticCoverage:P1})");
        Assert.Equal(n, adapted.Samples);
        Assert.InRange(adapted.Coverage, level - 0.015, level + 0.015);

        // Width follows the outcomes' scale: narrower than static when calmer, wider when wilder.
        Assert.Equal(scale < 1, adapted.MeanWidth < 2 * z);
    }

    [Fact]
    public void Rate_zero_reports_the_static_intervals()
    {
        var random = new Random(3);
        var y = Enumerable.Range(0, 500).Select(_ => 3 * Normal.Sample(random)).ToArray();
        var lower = Enumerable.Repeat(-1.0, y.Length).ToArray();
        var upper = Enumerable.Repeat(1.0, y.Length).ToArray();
        var result = AdaptiveConformal.Replay(lower, upper, y, new AdaptiveConformal(0.9, rate: 0), delay: 1);

        Assert.Equal(y.Count(v => v is >= -1 and <= 1) / (double)y.Length, result.Coverage, 12);
        Assert.Equal(2.0, result.MeanWidth, 12);
        Assert.Equal(0.0, result.FinalOffset);
    }

    [Fact]
    public void An_interval_depends_only_on_outcomes_known_when_it_was_issued()
    {
        const int n = 400, delay = 5, changed = 200;
        var random = new Random(8);
        var lower = Enumerable.Repeat(-1.0, n).ToArray();
        var upper = Enumerable.Repeat(1.0, n).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => 1.5 * Normal.Sample(random)).ToArray();
        var altered = (double[])y.Clone();
        altered[changed] = 100;

        var a = Issued(lower, upper, y, delay);
        var b = Issued(lower, upper, altered, delay);

        // Outcome `changed` becomes known at `changed + delay`: everything issued before is untouched.
        for (int i = 0; i <= changed + delay - 1; i++)
        {
            Assert.Equal(a[i], b[i]);
        }

        Assert.NotEqual(a[changed + delay], b[changed + delay]);
    }

    [Fact]
    public void Misses_widen_hits_narrow_and_the_interval_never_inverts()
    {
        var tracker = new AdaptiveConformal(0.9, rate: 0.1, widthFloor: 0.01);
        tracker.Update(covered: false);
        Assert.Equal(0.09, tracker.Offset, 12);
        Assert.Equal((-1.18, 1.18), Round(tracker.Adapt(-1, 1)));

        for (int i = 0; i < 1000; i++)
        {
            tracker.Update(covered: true);
        }

        Assert.Equal(-0.5, tracker.Offset, 12);
        var (lo, hi) = tracker.Adapt(0.2, 0.6);
        Assert.Equal(0.4, lo, 12);
        Assert.Equal(0.4, hi, 12);
        Assert.Equal(1001, tracker.Resolved);
        Assert.Equal(1, tracker.Misses);
    }

    [Theory]
    [InlineData(0.0, 0.05)]
    [InlineData(1.0, 0.05)]
    [InlineData(0.9, -0.1)]
    [InlineData(0.9, 1.0)]
    public void Rejects_levels_and_rates_out_of_range(double level, double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveConformal(level, rate));

    private static (double, double)[] Issued(double[] lower, double[] upper, double[] y, int delay)
    {
        // The interval issued at step i: replay the first i + 1 steps, then read the tracker's state.
        var issued = new (double, double)[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            var tracker = new AdaptiveConformal(0.9);
            AdaptiveConformal.Replay(lower.AsSpan(0, i + 1), upper.AsSpan(0, i + 1), y.AsSpan(0, i + 1), tracker, delay);
            issued[i] = tracker.Adapt(lower[i], upper[i]);
        }

        return issued;
    }

    private static (double, double) Round((double Lower, double Upper) v) => (Math.Round(v.Lower, 9), Math.Round(v.Upper, 9));

    private static class Normal
    {
        public static double Sample(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        // Bisection on the normal CDF: exact enough for test interval sizes.
        public static double Quantile(double p)
        {
            double lo = -10, hi = 10;
            for (int i = 0; i < 200; i++)
            {
                double mid = (lo + hi) / 2;
                if (Cdf(mid) < p)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            return (lo + hi) / 2;
        }

        private static double Cdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

        private static double Erf(double x)
        {
            // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7).
            double t = 1 / (1 + (0.3275911 * Math.Abs(x)));
            double y = 1 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
            return Math.Sign(x) * y;
        }
    }
}
