using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Baselines;

/// <summary>
/// Linear baseline on the window's last feature row: ridge regression (closed form) for the median
/// forward return and L2-penalised logistic regression (IRLS) for the probability of an up move,
/// per horizon. Each penalty is chosen from a grid on the last 20 % of the training window (fit on the
/// first 80 %, scored by squared error or log loss), then the model is refit on the whole window.
/// Quantiles come from the ridge fit's training residuals.
/// </summary>
public sealed class LinearForecaster : BaselineForecaster
{
    private readonly double[][] _ridge;
    private readonly double[][] _logistic;
    private readonly (float Low, float High)[] _bands;

    /// <summary>Per-sample L2 penalties tried for both models.</summary>
    public static IReadOnlyList<double> PenaltyGrid { get; } = [1e-3, 1e-2, 1e-1, 1.0];

    /// <summary>Fits both models per horizon; a null penalty is chosen from <see cref="PenaltyGrid"/> on a chronological validation split.</summary>
    public LinearForecaster(SupervisedDataset train, double? ridgeLambda = null, double? logisticLambda = null)
        : base("ridge+logistic", train)
    {
        var (x, y) = BaselineMath.LastRows(train);
        int f = train.FeatureCount, horizons = train.Horizons.Count, n = train.Count;
        _ridge = new double[horizons][];
        _logistic = new double[horizons][];
        _bands = new (float, float)[horizons];
        for (int k = 0; k < horizons; k++)
        {
            var target = new double[n];
            for (int s = 0; s < n; s++)
            {
                target[s] = y[(s * horizons) + k];
            }

            _ridge[k] = BaselineMath.Ridge(x, f, target, ridgeLambda ?? SelectRidge(x, f, target));
            var residuals = new double[n];
            for (int s = 0; s < n; s++)
            {
                residuals[s] = target[s] - BaselineMath.Dot(_ridge[k], x.AsSpan(s * f, f));
            }

            _bands[k] = BaselineMath.ResidualBand(residuals);

            var moved = Enumerable.Range(0, n).Where(s => target[s] != 0).ToArray();
            var xm = new float[moved.Length * f];
            var labels = new byte[moved.Length];
            for (int i = 0; i < moved.Length; i++)
            {
                x.AsSpan(moved[i] * f, f).CopyTo(xm.AsSpan(i * f, f));
                labels[i] = (byte)(target[moved[i]] > 0 ? 1 : 0);
            }

            _logistic[k] = BaselineMath.Logistic(xm, f, labels, logisticLambda ?? SelectLogistic(xm, f, labels));
        }
    }

    private static double SelectRidge(float[] x, int f, double[] y)
    {
        int cut = (int)(y.Length * 0.8);
        return PenaltyGrid.MinBy(lambda =>
        {
            double[] w = BaselineMath.Ridge(x.AsSpan(0, cut * f).ToArray(), f, y.AsSpan(0, cut), lambda);
            double loss = 0;
            for (int i = cut; i < y.Length; i++)
            {
                double e = y[i] - BaselineMath.Dot(w, x.AsSpan(i * f, f));
                loss += e * e;
            }

            return loss;
        });
    }

    private static double SelectLogistic(float[] x, int f, byte[] labels)
    {
        int cut = (int)(labels.Length * 0.8);
        var head = x.AsSpan(0, cut * f).ToArray();
        return PenaltyGrid.MinBy(lambda =>
        {
            double[] w = BaselineMath.Logistic(head, f, labels.AsSpan(0, cut), lambda);
            double loss = 0;
            for (int i = cut; i < labels.Length; i++)
            {
                double p = Math.Clamp(BaselineMath.Sigmoid(BaselineMath.Dot(w, x.AsSpan(i * f, f))), 1e-6, 1 - 1e-6);
                loss -= labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
            }

            return loss;
        });
    }

    /// <summary>Ridge weights per horizon: intercept first, then one per feature.</summary>
    public IReadOnlyList<IReadOnlyList<double>> RidgeWeights => _ridge;

    /// <inheritdoc />
    protected override void ForecastCore(ReadOnlySpan<float> window, ReadOnlySpan<float> lastRow, Span<HorizonForecast> output)
    {
        for (int k = 0; k < _ridge.Length; k++)
        {
            double median = BaselineMath.Dot(_ridge[k], lastRow);
            double p = BaselineMath.Sigmoid(BaselineMath.Dot(_logistic[k], lastRow));
            output[k] = Make(Horizons[k], median, _bands[k], p);
        }
    }
}
