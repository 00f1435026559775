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
    /// <param name="minBlockWeight">
    /// Blocks lighter than this are merged into a neighbour after pooling, so that a few extreme scores cannot
    /// claim a probability of their own (the usual overfit of isotonic calibration at the tails). 0 keeps the plain fit.
    /// </param>
    public static IsotonicCalibrator Fit(ReadOnlySpan<double> scores, ReadOnlySpan<double> targets, ReadOnlySpan<double> weights = default, double minBlockWeight = 0)
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
        for (int k = 0; k < n;)
        {
            // Equal scores must map to one value: aggregate them into one weighted point first.
            double sumW = 0, sumY = 0, key = keys[k];
            for (; k < n && keys[k] == key; k++)
            {
                int i = order[k];
                double w = weights.IsEmpty ? 1.0 : weights[i];
                if (w > 0)
                {
                    sumW += w;
                    sumY += w * targets[i];
                }
            }

            if (sumW <= 0)
            {
                continue;
            }

            mean[top] = sumY / sumW;
            weight[top] = sumW;
            xMean[top] = key;
            top++;

            // A violation (or an equal value) pools the two last blocks.
            while (top > 1 && mean[top - 2] >= mean[top - 1])
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

        // Merging two adjacent blocks gives a value between theirs, so the sequence stays non-decreasing.
        while (top > 1 && minBlockWeight > 0)
        {
            int lightest = 0;
            for (int b = 1; b < top; b++)
            {
                if (weight[b] < weight[lightest])
                {
                    lightest = b;
                }
            }

            if (weight[lightest] >= minBlockWeight)
            {
                break;
            }

            int left = lightest == 0 ? 0
                : lightest == top - 1 ? lightest - 1
                : (mean[lightest] - mean[lightest - 1] <= mean[lightest + 1] - mean[lightest] ? lightest - 1 : lightest);
            double total = weight[left] + weight[left + 1];
            mean[left] = ((mean[left] * weight[left]) + (mean[left + 1] * weight[left + 1])) / total;
            xMean[left] = ((xMean[left] * weight[left]) + (xMean[left + 1] * weight[left + 1])) / total;
            weight[left] = total;
            for (int b = left + 1; b < top - 1; b++)
            {
                mean[b] = mean[b + 1];
                xMean[b] = xMean[b + 1];
                weight[b] = weight[b + 1];
            }

            top--;
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
