using PredictionSdk.Models.Evaluation;

namespace PredictionSdk.Models.Tests.Evaluation;

public class ForecastMetricsTests
{
    [Fact]
    public void Wilson_interval_matches_hand_computation()
    {
        // 8 of 10: centre (0.8 + z²/20) / (1 + z²/10), half-width z·√(0.016 + z²/400) / (1 + z²/10).
        var (low, high) = ForecastMetrics.WilsonInterval(8, 10);
        Assert.Equal(0.490162, low, 5);
        Assert.Equal(0.943318, high, 5);
        Assert.True(double.IsNaN(ForecastMetrics.WilsonInterval(0, 0).Low));
    }

    [Theory]
    [InlineData(8, 10, 0.109375)]        // 2 · (45 + 10 + 1) / 1024
    [InlineData(9, 10, 0.021484375)]     // 2 · 11 / 1024
    [InlineData(2, 10, 0.109375)]        // symmetric
    [InlineData(5, 10, 1.0)]
    [InlineData(0, 3, 0.25)]             // 2 · 1/8
    [InlineData(60, 100, 0.056887933640)] // 2 · Σ_{k≥60} C(100, k) / 2¹⁰⁰
    public void Binomial_p_value_is_exact(int hits, int trials, double expected) =>
        Assert.Equal(expected, ForecastMetrics.BinomialTwoSidedPValue(hits, trials), 9);

    [Fact]
    public void Binomial_p_value_stays_finite_for_large_samples()
    {
        double p = ForecastMetrics.BinomialTwoSidedPValue(20_300, 40_000);
        Assert.InRange(p, 0.002, 0.004); // z = 3.0 → two-sided ≈ 0.0027
    }

    [Fact]
    public void Brier_and_log_loss_match_hand_computation()
    {
        double[] p = [0.9, 0.2, 0.6];
        bool[] y = [true, false, false];
        Assert.Equal((0.01 + 0.04 + 0.36) / 3, ForecastMetrics.Brier(p, y), 12);
        Assert.Equal(0.414931599615397, ForecastMetrics.LogLoss(p, y), 12);
    }

    [Fact]
    public void Sharpe_drawdown_and_r_squared_match_hand_computation()
    {
        // mean 0.005, sample std √(0.0013 / 3), × √252.
        Assert.Equal(3.812933455813454, ForecastMetrics.Sharpe([0.01, -0.02, 0.03, 0.0], 252), 10);
        Assert.Equal(0, ForecastMetrics.Sharpe([0.01, 0.01, 0.01], 252));
        // Cumulative 0.1, −0.1, −0.05, −0.15, 0.15: deepest fall 0.25 in log terms.
        Assert.Equal(1 - Math.Exp(-0.25), ForecastMetrics.MaxDrawdown([0.1, -0.2, 0.05, -0.1, 0.3]), 12);
        // SST = 2, SSE = 2.
        Assert.Equal(0, ForecastMetrics.RSquared([1, 2, 3], [1, 3, 2]), 12);
        Assert.Equal(1, ForecastMetrics.RSquared([1, 3, 2], [1, 3, 2]), 12);
    }
}
