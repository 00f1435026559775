using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Baselines;

/// <summary>
/// Momentum baseline: the drift is an EMA of the window's one-bar log returns (<c>ret_1</c>, un-scaled),
/// and the median forward return at horizon h is h × drift. The up-probability maps the standardised
/// drift through a one-variable logistic fit on the training window.
/// </summary>
public sealed class EmaDriftForecaster : BaselineForecaster
{
    private readonly int _column;
    private readonly RobustScaler? _scaler;
    private readonly double _alpha;
    private readonly double _driftScale;
    private readonly (float Low, float High)[] _bands;
    private readonly double[][] _logistic;

    /// <summary>Fits the baseline to <paramref name="train"/>; <paramref name="span"/> is the EMA span in bars.</summary>
    /// <exception cref="ArgumentException">The features have no <c>ret_1</c> column.</exception>
    public EmaDriftForecaster(SupervisedDataset train, int span = 10)
        : base("ema-drift", train)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        _column = train.FeatureNames.ToList().IndexOf("ret_1");
        if (_column < 0)
        {
            throw new ArgumentException("The EMA drift baseline needs the 'ret_1' feature.", nameof(train));
        }

        _scaler = train.Scaler;
        _alpha = 2.0 / (span + 1);
        var drift = new double[train.Count];
        for (int s = 0; s < drift.Length; s++)
        {
            drift[s] = Drift(train.Window(s));
        }

        double mean = drift.Average();
        _driftScale = Math.Sqrt(drift.Sum(d => (d - mean) * (d - mean)) / drift.Length);
        if (!(_driftScale > 0))
        {
            _driftScale = 1;
        }

        int horizons = train.Horizons.Count;
        _bands = new (float, float)[horizons];
        _logistic = new double[horizons][];
        for (int k = 0; k < horizons; k++)
        {
            double[] y = Targets(train, k);
            int h = train.Horizons[k];
            _bands[k] = BaselineMath.ResidualBand(y.Select((v, s) => v - (h * drift[s])).ToArray());
            var moved = Enumerable.Range(0, y.Length).Where(s => y[s] != 0).ToArray();
            var x = moved.Select(s => (float)(drift[s] / _driftScale)).ToArray();
            var labels = moved.Select(s => (byte)(y[s] > 0 ? 1 : 0)).ToArray();
            _logistic[k] = BaselineMath.Logistic(x, 1, labels, 1e-4);
        }
    }

    /// <inheritdoc />
    protected override void ForecastCore(ReadOnlySpan<float> window, ReadOnlySpan<float> lastRow, Span<HorizonForecast> output)
    {
        double drift = Drift(window);
        Span<float> standardised = [(float)(drift / _driftScale)];
        for (int k = 0; k < _bands.Length; k++)
        {
            double p = BaselineMath.Sigmoid(BaselineMath.Dot(_logistic[k], standardised));
            output[k] = Make(Horizons[k], Horizons[k] * drift, _bands[k], p);
        }
    }

    private double Drift(ReadOnlySpan<float> window)
    {
        int rows = WindowLength, columns = FeatureCount;
        double ema = 0;
        for (int r = 0; r < rows; r++)
        {
            float value = window[(r * columns) + _column];
            double raw = _scaler is null ? value : _scaler.Inverse(_column, value);
            ema = r == 0 ? raw : ema + (_alpha * (raw - ema));
        }

        return ema;
    }
}
