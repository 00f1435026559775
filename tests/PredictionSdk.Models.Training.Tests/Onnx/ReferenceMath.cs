namespace PredictionSdk.Models.Training.Tests.Onnx;

/// <summary>Plain loops implementing PyTorch's layer equations, as an independent reference for the exported graphs.</summary>
internal static class ReferenceMath
{
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>y = x Wᵀ + b for one row.</summary>
    public static double[] Linear(ReadOnlySpan<double> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int outF)
    {
        int inF = x.Length;
        var y = new double[outF];
        for (int o = 0; o < outF; o++)
        {
            double s = b.IsEmpty ? 0 : b[o];
            for (int i = 0; i < inF; i++)
            {
                s += w[(o * inF) + i] * x[i];
            }

            y[o] = s;
        }

        return y;
    }

    /// <summary>One direction of a PyTorch LSTM (gates i, f, g, o) over a sequence of rows.</summary>
    public static double[][] LstmDirection(double[][] xs, int hidden, float[] wih, float[] whh, float[] bih, float[] bhh, bool reverse)
    {
        int seq = xs.Length;
        var h = new double[hidden];
        var c = new double[hidden];
        var outputs = new double[seq][];
        for (int step = 0; step < seq; step++)
        {
            int t = reverse ? seq - 1 - step : step;
            var gx = Linear(xs[t], wih, bih, 4 * hidden);
            var gh = Linear(h, whh, bhh, 4 * hidden);
            var nh = new double[hidden];
            for (int j = 0; j < hidden; j++)
            {
                double i = Sigmoid(gx[j] + gh[j]);
                double f = Sigmoid(gx[hidden + j] + gh[hidden + j]);
                double g = Math.Tanh(gx[(2 * hidden) + j] + gh[(2 * hidden) + j]);
                double o = Sigmoid(gx[(3 * hidden) + j] + gh[(3 * hidden) + j]);
                c[j] = (f * c[j]) + (i * g);
                nh[j] = o * Math.Tanh(c[j]);
            }

            h = nh;
            outputs[t] = (double[])h.Clone();
        }

        return outputs;
    }

    public static double[] LayerNorm(ReadOnlySpan<double> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, double eps)
    {
        double mean = 0;
        foreach (double v in x)
        {
            mean += v;
        }

        mean /= x.Length;
        double variance = 0;
        foreach (double v in x)
        {
            variance += (v - mean) * (v - mean);
        }

        variance /= x.Length;
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = ((x[i] - mean) / Math.Sqrt(variance + eps) * gamma[i]) + beta[i];
        }

        return y;
    }

    public static double[] Softmax(ReadOnlySpan<double> x)
    {
        double max = double.NegativeInfinity;
        foreach (double v in x)
        {
            max = Math.Max(max, v);
        }

        var y = new double[x.Length];
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Exp(x[i] - max);
            sum += y[i];
        }

        for (int i = 0; i < x.Length; i++)
        {
            y[i] /= sum;
        }

        return y;
    }

    public static double Erf(double x)
    {
        // Abramowitz–Stegun 7.1.26 is too coarse; integrate the series instead (|x| small in tests).
        double sum = 0;
        double term = x;
        for (int n = 0; n < 60; n++)
        {
            sum += term / ((2 * n) + 1);
            term *= -x * x / (n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
