using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Baselines;

/// <summary>
/// The random-walk baseline: the median forward return is zero; the 5 %/95 % quantiles are those of the
/// training returns; the up-probability is the training share of up moves among non-flat moves
/// (so its direction call is the training majority, and its Brier score is climatology's).
/// </summary>
public sealed class PersistenceForecaster : BaselineForecaster
{
    private readonly (float Low, float High)[] _bands;
    private readonly double[] _upShare;

    /// <summary>Fits the baseline to <paramref name="train"/>.</summary>
    public PersistenceForecaster(SupervisedDataset train)
        : base("persistence", train)
    {
        int horizons = train.Horizons.Count;
        _bands = new (float, float)[horizons];
        _upShare = new double[horizons];
        for (int k = 0; k < horizons; k++)
        {
            double[] y = Targets(train, k);
            int up = y.Count(v => v > 0), moved = y.Count(v => v != 0);
            _upShare[k] = moved == 0 ? 0.5 : (double)up / moved;
            _bands[k] = BaselineMath.ResidualBand(y);
        }
    }

    /// <inheritdoc />
    protected override void ForecastCore(ReadOnlySpan<float> window, ReadOnlySpan<float> lastRow, Span<HorizonForecast> output)
    {
        for (int k = 0; k < _bands.Length; k++)
        {
            output[k] = Make(Horizons[k], 0, _bands[k], _upShare[k]);
        }
    }
}
