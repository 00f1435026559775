using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Baselines;

/// <summary>
/// The naive "reverse the last move" baseline: the direction call is the opposite of the last one-bar return
/// (<c>ret_1</c>, un-scaled), with the probability set to the training share of moves that did reverse. On
/// low-priced coins the close bounces between bid and ask, and this rule alone scores well above 50 % at one bar
/// without any tradeable edge; the evaluation report warns when it does (see <c>EvaluationReport.BounceWarnings</c>).
/// A last return of exactly 0 calls nothing (probability 0.5, median 0).
/// </summary>
public sealed class ReversalForecaster : BaselineForecaster
{
    private readonly int _column;
    private readonly RobustScaler? _scaler;
    private readonly (float Low, float High)[] _bands;
    private readonly double[] _reversalShare;

    /// <summary>Fits the baseline to <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">The features have no <c>ret_1</c> column.</exception>
    public ReversalForecaster(SupervisedDataset train)
        : base("reversal", train)
    {
        _column = train.FeatureNames.ToList().IndexOf("ret_1");
        if (_column < 0)
        {
            throw new ArgumentException("The reversal baseline needs the 'ret_1' feature.", nameof(train));
        }

        _scaler = train.Scaler;
        int horizons = train.Horizons.Count;
        _bands = new (float, float)[horizons];
        _reversalShare = new double[horizons];
        for (int k = 0; k < horizons; k++)
        {
            double[] y = Targets(train, k);
            int reversed = 0, called = 0;
            for (int s = 0; s < y.Length; s++)
            {
                int last = Math.Sign(LastReturn(train.Window(s)));
                if (last != 0 && y[s] != 0)
                {
                    called++;
                    reversed += Math.Sign(y[s]) == -last ? 1 : 0;
                }
            }

            _reversalShare[k] = called == 0 ? 0.5 : (double)reversed / called;
            _bands[k] = BaselineMath.ResidualBand(y);
        }
    }

    /// <inheritdoc />
    protected override void ForecastCore(ReadOnlySpan<float> window, ReadOnlySpan<float> lastRow, Span<HorizonForecast> output)
    {
        int last = Math.Sign(LastReturn(window));
        for (int k = 0; k < _bands.Length; k++)
        {
            // Up when the last move was down; the probability of the call is the training reversal share.
            double up = last == 0 ? 0.5 : last < 0 ? _reversalShare[k] : 1 - _reversalShare[k];
            output[k] = Make(Horizons[k], 0, _bands[k], up);
        }
    }

    private double LastReturn(ReadOnlySpan<float> window)
    {
        float value = window[((WindowLength - 1) * FeatureCount) + _column];
        return _scaler is null ? value : _scaler.Inverse(_column, value);
    }
}
