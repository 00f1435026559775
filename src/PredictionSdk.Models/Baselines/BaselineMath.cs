using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Baselines;

/// <summary>Shared numerics for the baselines: design matrices, quantiles, ridge and logistic fits.</summary>
internal static class BaselineMath
{
    /// <summary>The last feature row of every sample (n × F, row-major) and targets (n × H).</summary>
    public static (float[] X, float[] Y) LastRows(SupervisedDataset data)
    {
        int f = data.FeatureCount, h = data.Horizons.Count;
        var x = new float[(long)data.Count * f];
        var y = new float[(long)data.Count * h];
        for (int s = 0; s < data.Count; s++)
        {
            data.LastRow(s).CopyTo(x.AsSpan(s * f, f));
        }

        data.CopyTargets(0, data.Count, y);
        return (x, y);
    }

    /// <summary>Type-7 quantile of unsorted values (the array is sorted in place).</summary>
    public static double Quantile(double[] values, double p)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        Array.Sort(values);
        double position = p * (values.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, values.Length - 1);
        return values[lower] + ((values[upper] - values[lower]) * (position - lower));
    }

    /// <summary>5 % and 95 % quantiles of residuals, used as offsets around a point forecast.</summary>
    public static (float Low, float High) ResidualBand(double[] residuals) =>
        ((float)Quantile(residuals, 0.05), (float)Quantile(residuals, 0.95));

    /// <summary>
    /// Ridge regression with an unpenalised intercept: minimises Σ(y − b − x·w)² + λ·n·|w|².
    /// Returns [b, w₁ … w_F].
    /// </summary>
    public static double[] Ridge(float[] x, int columns, ReadOnlySpan<double> y, double lambda)
    {
        int n = y.Length, p = columns + 1;
        var a = new double[p * p];
        var b = new double[p];
        var row = new double[p];
        for (int i = 0; i < n; i++)
        {
            Row(x, columns, i, row);
            AddOuter(a, row, 1.0);
            for (int j = 0; j < p; j++)
            {
                b[j] += row[j] * y[i];
            }
        }

        for (int j = 1; j < p; j++)
        {
            a[(j * p) + j] += lambda * n;
        }

        Mirror(a, p);
        return Solve(a, b, p);
    }

    /// <summary>
    /// L2-penalised logistic regression by iteratively reweighted least squares (Newton steps).
    /// <paramref name="labels"/> are 1 or 0; returns [b, w₁ … w_F].
    /// </summary>
    public static double[] Logistic(float[] x, int columns, ReadOnlySpan<byte> labels, double lambda, int maxIterations = 25)
    {
        int n = labels.Length, p = columns + 1;
        var w = new double[p];
        double positives = 0;
        foreach (byte label in labels)
        {
            positives += label;
        }

        // Start from the base rate so the first step is already close.
        double rate = Math.Clamp(positives / Math.Max(n, 1), 1e-3, 1 - 1e-3);
        w[0] = Math.Log(rate / (1 - rate));
        var hessian = new double[p * p];
        var gradient = new double[p];
        var row = new double[p];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Array.Clear(hessian);
            Array.Clear(gradient);
            for (int i = 0; i < n; i++)
            {
                Row(x, columns, i, row);
                double z = 0;
                for (int j = 0; j < p; j++)
                {
                    z += w[j] * row[j];
                }

                double prob = Sigmoid(z);
                double weight = Math.Max(prob * (1 - prob), 1e-9);
                AddOuter(hessian, row, weight);
                double residual = labels[i] - prob;
                for (int j = 0; j < p; j++)
                {
                    gradient[j] += residual * row[j];
                }
            }

            for (int j = 1; j < p; j++)
            {
                hessian[(j * p) + j] += lambda * n;
                gradient[j] -= lambda * n * w[j];
            }

            Mirror(hessian, p);
            double[] step = Solve(hessian, gradient, p);
            double change = 0;
            for (int j = 0; j < p; j++)
            {
                w[j] += step[j];
                change = Math.Max(change, Math.Abs(step[j]));
            }

            if (change < 1e-6)
            {
                break;
            }
        }

        return w;
    }

    public static double Sigmoid(double z) => z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));

    public static double Dot(ReadOnlySpan<double> weights, ReadOnlySpan<float> features)
    {
        double z = weights[0];
        for (int j = 0; j < features.Length; j++)
        {
            z += weights[j + 1] * features[j];
        }

        return z;
    }

    private static void Row(float[] x, int columns, int i, double[] row)
    {
        row[0] = 1.0;
        var source = x.AsSpan(i * columns, columns);
        for (int j = 0; j < columns; j++)
        {
            row[j + 1] = source[j];
        }
    }

    // Upper triangle only; Mirror fills the rest.
    private static void AddOuter(double[] a, double[] row, double weight)
    {
        int p = row.Length;
        for (int j = 0; j < p; j++)
        {
            double v = row[j] * weight;
            if (v == 0)
            {
                continue;
            }

            int offset = j * p;
            for (int k = j; k < p; k++)
            {
                a[offset + k] += v * row[k];
            }
        }
    }

    private static void Mirror(double[] a, int p)
    {
        for (int j = 0; j < p; j++)
        {
            for (int k = 0; k < j; k++)
            {
                a[(j * p) + k] = a[(k * p) + j];
            }
        }
    }

    /// <summary>Solves a symmetric positive-definite system by Cholesky, adding a tiny jitter if needed.</summary>
    private static double[] Solve(double[] matrix, double[] rhs, int p)
    {
        for (double jitter = 0; ; jitter = jitter == 0 ? 1e-10 : jitter * 100)
        {
            var l = (double[])matrix.Clone();
            if (jitter > 0)
            {
                for (int j = 0; j < p; j++)
                {
                    l[(j * p) + j] += jitter * (1 + Math.Abs(matrix[(j * p) + j]));
                }
            }

            if (Cholesky(l, p))
            {
                var y = new double[p];
                for (int i = 0; i < p; i++)
                {
                    double s = rhs[i];
                    for (int k = 0; k < i; k++)
                    {
                        s -= l[(i * p) + k] * y[k];
                    }

                    y[i] = s / l[(i * p) + i];
                }

                var x = new double[p];
                for (int i = p - 1; i >= 0; i--)
                {
                    double s = y[i];
                    for (int k = i + 1; k < p; k++)
                    {
                        s -= l[(k * p) + i] * x[k];
                    }

                    x[i] = s / l[(i * p) + i];
                }

                return x;
            }

            if (jitter > 1)
            {
                throw new InvalidOperationException("The normal equations are singular even after regularisation.");
            }
        }
    }

    private static bool Cholesky(double[] a, int p)
    {
        for (int j = 0; j < p; j++)
        {
            double d = a[(j * p) + j];
            for (int k = 0; k < j; k++)
            {
                d -= a[(j * p) + k] * a[(j * p) + k];
            }

            if (!(d > 0))
            {
                return false;
            }

            double root = Math.Sqrt(d);
            a[(j * p) + j] = root;
            for (int i = j + 1; i < p; i++)
            {
                double s = a[(i * p) + j];
                for (int k = 0; k < j; k++)
                {
                    s -= a[(i * p) + k] * a[(j * p) + k];
                }

                a[(i * p) + j] = s / root;
            }
        }

        return true;
    }
}
