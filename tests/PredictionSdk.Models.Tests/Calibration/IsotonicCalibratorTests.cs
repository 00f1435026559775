using PredictionSdk.Models.Calibration;

namespace PredictionSdk.Models.Tests.Calibration;

public class IsotonicCalibratorTests
{
    [Fact]
    public void Pava_pools_violators_into_their_weighted_mean()
    {
        // Targets 1, 3, 2, 4 at scores 1..4: the violating pair (3, 2) pools to 2.5 at score 2.5.
        var iso = IsotonicCalibrator.Fit([1, 2, 3, 4], [1, 3, 2, 4]);
        Assert.Equal(new double[] { 1, 2.5, 4 }, iso.X);
        Assert.Equal(new double[] { 1, 2.5, 4 }, iso.Y);
        Assert.Equal(2.5, iso.Apply(2.5), 12);
        Assert.Equal(1.75, iso.Apply(1.75), 12);   // linear between knots
        Assert.Equal(1, iso.Apply(-10));            // constant outside
        Assert.Equal(4, iso.Apply(10));
    }

    [Fact]
    public void Pava_handles_unsorted_input_ties_and_weights()
    {
        // A fully decreasing sequence pools to one block: the weighted mean (3·1 + 1·0)/4.
        var iso = IsotonicCalibrator.Fit([0.9, 0.1], [0, 1], [1, 3]);
        Assert.Single(iso.Y);
        Assert.Equal(0.75, iso.Y[0], 12);
        Assert.Equal((0.9 + 0.3) / 4, iso.X[0], 12);

        // Equal scores map to one value.
        var tied = IsotonicCalibrator.Fit([0.5, 0.5, 0.7], [0, 1, 1]);
        Assert.Equal(new double[] { 0.5, 0.7 }, tied.X);
        Assert.Equal(new double[] { 0.5, 1 }, tied.Y);
    }

    [Fact]
    public void Fit_matches_the_min_max_formula_of_isotonic_regression()
    {
        // The isotonic least-squares fit at sorted index i is max over j ≤ i of min over k ≥ i of mean(y[j..k]).
        var rng = new Random(3);
        double[] x = Enumerable.Range(0, 60).Select(i => i + (0.5 * rng.NextDouble())).ToArray();
        double[] y = x.Select(v => rng.NextDouble() < v / 60 ? 1.0 : 0.0).ToArray();
        var iso = IsotonicCalibrator.Fit(x.Reverse().ToArray(), y.Reverse().ToArray());

        int n = x.Length;
        var fitted = new double[n];
        for (int i = 0; i < n; i++)
        {
            double best = double.NegativeInfinity;
            for (int j = 0; j <= i; j++)
            {
                double min = double.PositiveInfinity;
                for (int k = i; k < n; k++)
                {
                    min = Math.Min(min, y[j..(k + 1)].Average());
                }

                best = Math.Max(best, min);
            }

            fitted[i] = best;
        }

        // Runs of equal fitted values are the blocks; knots sit at their mean score.
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < n;)
        {
            int end = i;
            while (end + 1 < n && Math.Abs(fitted[end + 1] - fitted[i]) < 1e-12)
            {
                end++;
            }

            xs.Add(x[i..(end + 1)].Average());
            ys.Add(fitted[i]);
            i = end + 1;
        }

        Assert.Equal(xs.Count, iso.X.Count);
        for (int b = 0; b < xs.Count; b++)
        {
            Assert.Equal(xs[b], iso.X[b], 9);
            Assert.Equal(ys[b], iso.Y[b], 9);
        }
    }

    [Fact]
    public void Minimum_block_weight_merges_light_tail_blocks_and_keeps_monotonicity()
    {
        // Ten samples at 0.1 (all 0), ten at 0.5 (half 1), one extreme at 0.99 (1): plain PAVA gives the
        // extreme its own block at 1.0; with a minimum of 5 it joins its neighbour.
        double[] x = [.. Enumerable.Repeat(0.1, 10), .. Enumerable.Repeat(0.5, 10), 0.99];
        double[] y = [.. Enumerable.Repeat(0.0, 10), .. Enumerable.Range(0, 10).Select(i => (double)(i % 2)), 1.0];
        var plain = IsotonicCalibrator.Fit(x, y);
        Assert.Equal(1.0, plain.Y[^1]);

        var merged = IsotonicCalibrator.Fit(x, y, minBlockWeight: 5);
        Assert.Equal(2, merged.Y.Count);
        Assert.Equal(0.0, merged.Y[0]);
        Assert.Equal(6.0 / 11, merged.Y[1], 12);
        Assert.Equal(((0.5 * 10) + 0.99) / 11, merged.X[1], 12);
    }

    [Fact]
    public void Fit_rejects_bad_input()
    {
        Assert.Throws<ArgumentException>(() => IsotonicCalibrator.Fit([], []));
        Assert.Throws<ArgumentException>(() => IsotonicCalibrator.Fit([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => IsotonicCalibrator.Fit([double.NaN], [1]));
        Assert.Throws<ArgumentException>(() => new IsotonicCalibrator([1, 0.5], [0, 1]));
        Assert.Throws<ArgumentException>(() => IsotonicCalibrator.Fit([1], [1]).Apply(double.NaN));
    }
}
