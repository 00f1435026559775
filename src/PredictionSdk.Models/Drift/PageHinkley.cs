namespace PredictionSdk.Models.Drift;

/// <summary>
/// The Page–Hinkley test (Page, "Continuous inspection schemes", Biometrika 1954), in the form used for data streams
/// by Mouss et al. (2004) and Gama et al. (2013), with a forgetting factor and a warm-up that sets the scale.
/// </summary>
/// <remarks>
/// <para>Exact variant. After a warm-up of <see cref="PageHinkleyOptions.WarmUp"/> observations that only estimate the
/// running mean and σ̂ (their sample standard deviation, then frozen), each observation x_T updates, with
/// x̄_T the mean of every x since the start or the last alarm,</para>
/// <para>m_T = Σ_{t≤T} (x_t − x̄_t − δσ̂), M_T = min_{t≤T} m_t, and PH_T = m_T − M_T, which is computed in its
/// recursive form PH_T = max(0, α·PH_{T−1} + x_T − x̄_T − δσ̂) (identical for α = 1). An increase is signalled when
/// PH_T &gt; λσ̂; decreases use the mirror statistic max(0, α·PH′_{T−1} − (x_T − x̄_T + δσ̂)).</para>
/// <para>The forgetting factor α discounts the statistic itself rather than the cumulative sum alone: discounting
/// m_T but not its running minimum M_T (a common implementation) lets m_T settle at −δ/(1 − α) with a standard
/// deviation of σ/√(1 − α²), so on a long stationary stream m_T − M_T grows until it alarms. Discounting the statistic
/// keeps the false-alarm rate steady however long the stream runs.</para>
/// <para>σ̂ is 1 when <see cref="PageHinkleyOptions.Standardize"/> is off. After an alarm everything restarts, warm-up
/// included, so the test measures the new level afresh. Not thread-safe; no allocation.</para>
/// </remarks>
public sealed class PageHinkley : IDriftDetector
{
    private readonly double _delta;
    private readonly double _lambda;
    private readonly double _alpha;
    private readonly int _warmUp;
    private readonly bool _standardize;
    private readonly ChangeSides _sides;

    private long _observations;
    private long _ignored;
    private long _detections;
    private long _count;
    private double _mean;
    private double _squares;
    private double _scale = double.NaN;
    private double _rise;
    private double _fall;
    private double _statistic;
    private double _threshold = double.NaN;

    /// <summary>Creates the test.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public PageHinkley(PageHinkleyOptions? options = null)
    {
        options ??= new PageHinkleyOptions();
        options.Validate();
        _delta = options.Delta;
        _lambda = options.Lambda;
        _alpha = options.Alpha;
        _warmUp = options.WarmUp;
        _standardize = options.Standardize;
        _sides = options.Sides;
        if (!_standardize)
        {
            _scale = 1;
        }
    }

    /// <inheritdoc />
    public string Name => "page-hinkley";

    /// <summary>σ̂, the scale δ and λ are multiplied by (NaN during the warm-up; 1 without standardisation).</summary>
    public double Scale => _scale;

    /// <inheritdoc />
    public DriftDetectorState State => new(_observations, _ignored, _detections, _statistic, _threshold, _count == 0 ? double.NaN : _mean, _count);

    /// <inheritdoc />
    public ChangeDirection Update(double value)
    {
        if (!double.IsFinite(value))
        {
            _ignored++;
            return ChangeDirection.None;
        }

        _observations++;
        _count++;
        double previousMean = _mean;
        _mean += (value - _mean) / _count;
        _squares += (value - previousMean) * (value - _mean);
        if (_count <= _warmUp)
        {
            if (_count == _warmUp && _standardize)
            {
                _scale = Math.Sqrt(_squares / (_count - 1));
            }

            return ChangeDirection.None;
        }

        if (!(_scale > 0))
        {
            // A constant warm-up gives no scale: keep estimating until the stream varies.
            _scale = _count > 1 ? Math.Sqrt(_squares / (_count - 1)) : 0;
            if (!(_scale > 0))
            {
                return ChangeDirection.None;
            }
        }

        double deviation = value - _mean;
        double tolerance = _delta * _scale;
        _rise = Math.Max(0, (_alpha * _rise) + deviation - tolerance);
        _fall = Math.Max(0, (_alpha * _fall) - (deviation + tolerance));

        double up = (_sides & ChangeSides.Increase) != 0 ? _rise : 0;
        double down = (_sides & ChangeSides.Decrease) != 0 ? _fall : 0;
        _statistic = Math.Max(up, down);
        _threshold = _lambda * _scale;
        if (_statistic <= _threshold)
        {
            return ChangeDirection.None;
        }

        var direction = up >= down ? ChangeDirection.Increase : ChangeDirection.Decrease;
        _detections++;
        Restart();
        return direction;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _observations = 0;
        _ignored = 0;
        _detections = 0;
        _statistic = 0;
        _threshold = double.NaN;
        Restart();
    }

    private void Restart()
    {
        _count = 0;
        _mean = 0;
        _squares = 0;
        _scale = _standardize ? double.NaN : 1;
        _rise = _fall = 0;
    }
}
