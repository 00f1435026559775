using PredictionSdk.Models.Calibration;

namespace PredictionSdk.Models.Tests.Calibration;

public sealed class PredictiveDistributionTests
{
    [Theory]
    [InlineData(-0.002, 0.003, 0.9, 0.56)]
    [InlineData(-0.002, 0.003, 0.9, 0.44)]
    [InlineData(-0.010, 0.001, 0.8, 0.51)]
    [InlineData(-0.001, 0.010, 0.95, 0.49)]
    public void The_quantile_function_passes_through_the_interval_and_the_zero_crossing(double lower, double upper, double level, double up)
    {
        var d = PredictiveDistribution.From(lower, upper, level, up);

        Assert.Equal(lower, d.Quantile((1 - level) / 2), 12);
        Assert.Equal(upper, d.Quantile((1 + level) / 2), 12);
        Assert.Equal(0, d.Quantile(1 - up), 12);
        Assert.Equal(up > 0.5 ? Direction.Up : Direction.Down, d.Direction);
        Assert.Equal(Math.Sign(up - 0.5), Math.Sign(d.Median));
        Assert.Equal(Math.Max(up, 1 - up), d.Confidence, 12);
        Assert.InRange(d.Median, d.Lower, d.Upper);
    }

    [Fact]
    public void The_median_moves_continuously_and_monotonically_with_the_up_probability()
    {
        double previous = double.NegativeInfinity;
        for (double p = 0.30; p <= 0.70; p += 0.01)
        {
            double median = PredictiveDistribution.From(-0.002, 0.003, 0.9, p).Median;
            Assert.True(median > previous, $"median {median} at P(up) {p} after {previous}");
            Assert.True(double.IsNegativeInfinity(previous) || median - previous < 0.0002, "a jump");
            previous = median;
        }

        Assert.Equal(Direction.Flat, PredictiveDistribution.From(-0.002, 0.003, 0.9, 0.5).Direction);
        Assert.Equal(0, PredictiveDistribution.From(-0.002, 0.003, 0.9, 0.5).Median);
    }

    [Fact]
    public void The_quantile_function_never_decreases()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 500; trial++)
        {
            double a = (random.NextDouble() - 0.5) * 0.02, b = (random.NextDouble() - 0.5) * 0.02;
            var d = PredictiveDistribution.From(a, b, 0.5 + (random.NextDouble() * 0.49), random.NextDouble());
            double last = double.NegativeInfinity;
            for (double q = 0; q <= 1; q += 0.01)
            {
                double x = d.Quantile(q);
                Assert.True(x >= last, $"Q({q}) = {x} < {last} for {d}");
                last = x;
            }

            Assert.InRange(d.Median, d.Lower, d.Upper);
            Assert.Equal(d.Median > 0 ? Direction.Up : d.Median < 0 ? Direction.Down : Direction.Flat, d.Direction);
            Assert.InRange(d.Confidence, 0.5, (1 + d.Level) / 2 + 1e-12);
        }
    }

    [Fact]
    public void Inputs_that_contradict_each_other_are_reconciled_toward_the_interval()
    {
        // An interval wholly above zero with P(up) = 0.3: widened to touch zero, the median follows the probability.
        var above = PredictiveDistribution.From(0.001, 0.004, 0.9, 0.3);
        Assert.Equal(0, above.Lower);
        Assert.Equal(0, above.Median); // the lower half is [0, 0]: no room below zero, so no move
        Assert.Equal(Direction.Flat, above.Direction);

        // A direction probability beyond the interval's tail is capped at its level: confidence ≤ 0.95 at 90 %.
        var sure = PredictiveDistribution.From(-0.002, 0.003, 0.9, 0.999);
        Assert.Equal(0.95, sure.UpProbability, 12);
        Assert.Equal(Direction.Up, sure.Direction);
    }

    [Theory]
    [InlineData(double.NaN, 0.1, 0.9, 0.5)]
    [InlineData(-0.1, 0.1, 1.0, 0.5)]
    [InlineData(-0.1, 0.1, 0.9, double.PositiveInfinity)]
    public void Non_finite_inputs_and_impossible_levels_are_refused(double lower, double upper, double level, double up) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PredictiveDistribution.From(lower, upper, level, up));
}
