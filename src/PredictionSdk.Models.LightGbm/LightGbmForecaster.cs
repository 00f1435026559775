using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Baselines;

/// <summary>
/// Gradient-boosted trees (LightGBM) on the window's last feature row: per horizon, an L2 regression
/// for the median forward return and a binary classifier for the up-probability (trained on non-flat
/// moves). Quantiles come from the regression's training residuals.
/// </summary>
public sealed class LightGbmForecaster : BaselineForecaster, IDisposable
{
    // Minute returns are ~1e-4; boosting works in basis points so leaf values are of order one.
    private const double Bps = 1e4;
    private readonly LightGbmBooster[] _regressors;
    private readonly LightGbmBooster[] _classifiers;
    private readonly (float Low, float High)[] _bands;

    /// <summary>Trains both boosters per horizon on <paramref name="train"/>.</summary>
    public LightGbmForecaster(SupervisedDataset train, LightGbmOptions? options = null, CancellationToken cancellationToken = default)
        : base("lightgbm", train)
    {
        options ??= new LightGbmOptions();
        var (x, y) = LastRows(train);
        int f = train.FeatureCount, horizons = train.Horizons.Count, n = train.Count;
        _regressors = new LightGbmBooster[horizons];
        _classifiers = new LightGbmBooster[horizons];
        _bands = new (float, float)[horizons];
        try
        {
            var prediction = new double[n];
            for (int k = 0; k < horizons; k++)
            {
                var target = new float[n];
                for (int s = 0; s < n; s++)
                {
                    target[s] = (float)(y[(s * horizons) + k] * Bps);
                }

                _regressors[k] = LightGbmBooster.Train(x, n, f, target, "regression", options, cancellationToken);
                _regressors[k].Predict(x, prediction);
                _bands[k] = ResidualBand(Enumerable.Range(0, n).Select(s => (target[s] - prediction[s]) / Bps).ToArray());

                var moved = Enumerable.Range(0, n).Where(s => target[s] != 0).ToArray();
                var xm = new float[moved.Length * f];
                var labels = new float[moved.Length];
                for (int i = 0; i < moved.Length; i++)
                {
                    x.AsSpan(moved[i] * f, f).CopyTo(xm.AsSpan(i * f, f));
                    labels[i] = target[moved[i]] > 0 ? 1f : 0f;
                }

                _classifiers[k] = LightGbmBooster.Train(xm, moved.Length, f, labels, "binary", options, cancellationToken);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The regression booster of each horizon (median forward return in basis points).</summary>
    internal IReadOnlyList<LightGbmBooster> Regressors => _regressors;

    /// <inheritdoc />
    protected override void ForecastCore(ReadOnlySpan<float> window, ReadOnlySpan<float> lastRow, Span<HorizonForecast> output)
    {
        for (int k = 0; k < _regressors.Length; k++)
        {
            double median = _regressors[k].Predict(lastRow) / Bps;
            double p = _classifiers[k].Predict(lastRow);
            output[k] = Make(Horizons[k], median, _bands[k], p);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var booster in _regressors.Concat(_classifiers))
        {
            booster?.Dispose();
        }
    }
}
