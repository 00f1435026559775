using System.Text.Json.Serialization;

namespace PredictionSdk.Models.Calibration;

/// <summary>
/// A non-decreasing map from a raw score to a calibrated probability, fit by isotonic regression
/// (pool-adjacent-violators). Between fitted points it interpolates linearly; outside them it is constant.
/// </summary>
public sealed record IsotonicCalibrator
{
    /// <summary>Creates a calibrator from fitted knots (strictly increasing <paramref name="x"/>, non-decreasing <paramref name="y"/>).</summary>
    [JsonConstructor]
    public IsotonicCalibrator(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException($"An isotonic map needs the same positive number of x and y knots; got {x.Count} and {y.Count}.");
        }

        for (int i = 0; i < x.Count; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]) || (i > 0 && (x[i] <= x[i - 1] || y[i] < y[i - 1])))
            {
                throw new ArgumentException($"Isotonic knots must be finite with increasing x and non-decreasing y (knot {i}).");
            }
        }

        X = x.ToArray();
        Y = y.ToArray();
    }

    /// <summary>Knot positions (raw scores), increasing.</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>Calibrated value at each knot, non-decreasing.</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>
    /// Fits the least-squares non-decreasing step function of <paramref name="targets"/> on <paramref name="scores"/>
    /// (pool-adjacent-violators), one knot per pooled block at the block's mean score.
    /// </summary>
    /// <param name="scores">Raw scores, e.g. predicted probabilities.</param>
    /// <param name="targets">Outcomes (0/1 for probabilities) of the same length.</param>
    /// <param name="weights">Optional non-negative sample weights.</param>
    public static IsotonicCalibrator Fit(ReadOnlySpan<double> scores, ReadOnlySpan<double> targets, ReadOnlySpan<double> weights = default)
    {
        if (scores.Length == 0 || scores.Length != targets.Length || (!weights.IsEmpty && weights.Length != scores.Length))
        {
            throw new ArgumentException($"Isotonic fit needs matching, non-empty inputs; got {scores.Length} scores, {targets.Length} targets, {weights.Length} weights.");
        }

        int n = scores.Length;
        var order = new int[n];
        var keys = scores.ToArray();
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            if (!double.IsFinite(keys[i]) || !double.IsFinite(targets[i]))
            {
                throw new ArgumentException($"Isotonic fit input {i} is not finite (score {keys[i]}, target {targets[i]}).");
            }
        }

        Array.Sort(keys, order);

        // Blocks as a stack: weighted mean target, total weight, weighted mean score.
        var mean = new double[n];
        var weight = new double[n];
        var xMean = new double[n];
        int top = 0;
        for (int k = 0; k < n; k++)
        {
            int i = order[k];
            double w = weights.IsEmpty ? 1.0 : weights[i];
            if (w <= 0)
            {
                continue;
            }

            mean[top] = targets[i];
            weight[top] = w;
            xMean[top] = keys[k];
            top++;

            // Equal scores must map to one value, and a violation pools the two last blocks.
            while (top > 1 && (mean[top - 2] >= mean[top - 1] || xMean[top - 2] == xMean[top - 1]))
            {
                double total = weight[top - 2] + weight[top - 1];
                mean[top - 2] = ((mean[top - 2] * weight[top - 2]) + (mean[top - 1] * weight[top - 1])) / total;
                xMean[top - 2] = ((xMean[top - 2] * weight[top - 2]) + (xMean[top - 1] * weight[top - 1])) / total;
                weight[top - 2] = total;
                top--;
            }
        }

        if (top == 0)
        {
            throw new ArgumentException("Isotonic fit needs at least one sample with positive weight.");
        }

        // Pooling on ties only (equal means) can leave equal x means after averaging; merge exact duplicates.
        var xs = new List<double>(top);
        var ys = new List<double>(top);
        for (int b = 0; b < top; b++)
        {
            if (xs.Count > 0 && xMean[b] <= xs[^1])
            {
                ys[^1] = Math.Max(ys[^1], mean[b]);
                continue;
            }

            xs.Add(xMean[b]);
            ys.Add(mean[b]);
        }

        return new IsotonicCalibrator(xs, ys);
    }

    /// <summary>The calibrated value of a raw score.</summary>
    public double Apply(double score)
    {
        if (double.IsNaN(score))
        {
            throw new ArgumentException("Cannot calibrate a NaN score.", nameof(score));
        }

        var x = X;
        var y = Y;
        if (score <= x[0])
        {
            return y[0];
        }

        if (score >= x[^1])
        {
            return y[^1];
        }

        int lo = 0, hi = x.Count - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (x[mid] <= score)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        double t = (score - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + (t * (y[hi] - y[lo]));
    }
}
