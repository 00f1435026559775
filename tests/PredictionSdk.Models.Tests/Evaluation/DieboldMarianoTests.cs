using PredictionSdk.Models.Evaluation;

namespace PredictionSdk.Models.Tests.Evaluation;

public sealed class DieboldMarianoTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959963984540054, 0.975)]
    [InlineData(-1.0, 0.15865525393145707)]
    [InlineData(3.0, 0.9986501019683699)]
    [InlineData(-5.0, 2.866515718791939e-7)]
    public void The_normal_distribution_function_matches_tabulated_values(double z, double expected) =>
        Assert.Equal(expected, DieboldMariano.NormalCdf(z), expected < 1e-3 ? 1e-9 : 1e-7);

    // d = A − B = 1, 2, 3, 4, 5 with one lag: d̄ = 3, γ₀ = 10/5 = 2, γ₁ = (2 + 0 + 0 + 2)/5 = 0.8,
    // long-run variance = γ₀ + 2·(1 − 1/2)·γ₁ = 2.8, DM = 3 / √(2.8/5).
    [Fact]
    public void A_small_example_by_hand()
    {
        var result = DieboldMariano.Test([2, 4, 6, 8, 10], [1, 2, 3, 4, 5], lag: 1);
        Assert.Equal(5, result.Samples);
        Assert.Equal(6, result.MeanLossA, 12);
        Assert.Equal(3, result.MeanLossB, 12);
        Assert.Equal(3, result.MeanDifferential, 12);
        Assert.Equal(2.8, result.LongRunVariance, 12);
        Assert.Equal(3 / Math.Sqrt(2.8 / 5), result.Statistic, 12);
        Assert.Equal(1 - DieboldMariano.NormalCdf(result.Statistic), result.PValueBBetter, 12);
        Assert.Equal(1, result.Lag);
    }

    [Fact]
    public void Pairs_with_a_missing_loss_are_skipped()
    {
        var result = DieboldMariano.Test([1, double.NaN, 3, 4], [0, 1, double.PositiveInfinity, 2], lag: 0);
        Assert.Equal(2, result.Samples);
        Assert.Equal(1.5, result.MeanDifferential, 12);
        Assert.Throws<ArgumentException>(() => DieboldMariano.Test([1, 2], [1]));
    }

    [Fact]
    public void The_automatic_lag_grows_with_the_persistence_of_the_differentials_and_covers_the_horizon()
    {
        var random = new Random(1);
        double[] Ar(double phi)
        {
            var d = new double[1_440];
            double e = 0;
            for (int t = 0; t < d.Length; t++)
            {
                e = (phi * e) + Drift.Streams.Normal(random);
                d[t] = e;
            }

            return d;
        }

        int none = DieboldMariano.AutomaticLag(Ar(0)), some = DieboldMariano.AutomaticLag(Ar(0.5)), strong = DieboldMariano.AutomaticLag(Ar(0.8));
        Assert.InRange(none, 0, 3);
        // Andrews' plug-in for ρ = 0.5 and 0.8 at n = 1,440: ⌈1.1447·(α·n)^(1/3)⌉ ≈ 16 and 35.
        Assert.InRange(some, 12, 20);
        Assert.InRange(strong, 30, 42);
        Assert.Equal(14, DieboldMariano.AutomaticLag(Ar(0), horizon: 15));
        Assert.Equal(0, DieboldMariano.AutomaticLag([1.0, 2.0]));
    }

    // Two equally good models whose loss differentials are autocorrelated (AR(1), φ = 0.5, as volatility clustering
    // gives): with the Newey–West variance the test rejects at about its nominal 5 %; ignoring the autocorrelation
    // (lag 0) it rejects far too often and would promote on noise. (docs/adaptive.md has the full table.)
    [Fact]
    public void With_the_hac_variance_the_test_keeps_its_size_on_autocorrelated_differentials()
    {
        const int runs = 400, n = 1_440;
        var random = new Random(42);
        int hac = 0, naive = 0;
        var a = new double[n];
        var b = new double[n];
        for (int run = 0; run < runs; run++)
        {
            double e = 0;
            for (int t = 0; t < n; t++)
            {
                e = (0.5 * e) + Drift.Streams.Normal(random);
                double common = 0.69 + (0.05 * Drift.Streams.Normal(random));
                a[t] = common + (0.01 * e);
                b[t] = common;
            }

            hac += DieboldMariano.Test(a, b).PValueBBetter < 0.05 ? 1 : 0;
            naive += DieboldMariano.Test(a, b, lag: 0).PValueBBetter < 0.05 ? 1 : 0;
        }

        Assert.InRange(hac / (double)runs, 0.025, 0.09);
        Assert.True(naive / (double)runs > 0.12, $"naive rejection rate {naive / (double)runs}");
    }
}
