namespace PredictionSdk.Models.Drift;

/// <summary>
/// Watches one feature's distribution: the population stability index of a sliding window of its latest values
/// against a reference window, with an alarm when it crosses a threshold.
/// </summary>
/// <remarks>
/// The reference is either given (e.g. the feature's values over the model's training window) or the first
/// <see cref="PsiDetectorOptions.ReferenceLength"/> observations. Bins sit at the reference's deciles (by default);
/// the window keeps each value's bin, so an observation costs O(log bins) plus O(bins) for the index, without
/// allocation. Alarms are edge-triggered: after one, the index must fall to <see cref="PsiDetectorOptions.RearmLevel"/>
/// before the next. With n reference and w window values, the index of two samples of one distribution is about
/// (bins − 1)·(1/n + 1/w) on average, far below the usual thresholds for a day of minutes on each side.
/// Not thread-safe.
/// </remarks>
public sealed class PsiDetector : IDriftDetector
{
    private readonly PsiDetectorOptions _options;
    private readonly double[]? _givenReference;
    private readonly int[] _window;
    private double[] _referenceBuffer;
    private int _referenceFill;
    private double[]? _edges;
    private long[] _referenceCounts = [];
    private long[] _windowCounts = [];
    private int _next;
    private int _fill;
    private bool _armed = true;
    private long _observations;
    private long _ignored;
    private long _detections;
    private double _statistic;

    /// <summary>Creates a detector that learns its reference from the first observations.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public PsiDetector(PsiDetectorOptions? options = null)
        : this(ReadOnlySpan<double>.Empty, options)
    {
    }

    /// <summary>Creates a detector with a given reference sample (an empty span: learn it from the first observations).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="ArgumentException">The reference holds a non-finite value.</exception>
    public PsiDetector(ReadOnlySpan<double> reference, PsiDetectorOptions? options = null)
    {
        _options = options ?? new PsiDetectorOptions();
        _options.Validate();
        _window = new int[_options.WindowLength];
        _referenceBuffer = [];
        if (!reference.IsEmpty)
        {
            _givenReference = reference.ToArray();
        }

        Reset();
    }

    /// <inheritdoc />
    public string Name => "psi";

    /// <summary>True once the reference is set (given, or learnt from the first observations).</summary>
    public bool HasReference => _edges is not null;

    /// <summary>Interior bin edges (empty until the reference is set).</summary>
    public IReadOnlyList<double> Edges => _edges ?? [];

    /// <inheritdoc />
    public DriftDetectorState State => new(_observations, _ignored, _detections, _statistic, _options.Threshold, double.NaN, _fill);

    /// <inheritdoc />
    public ChangeDirection Update(double value)
    {
        if (!double.IsFinite(value))
        {
            _ignored++;
            return ChangeDirection.None;
        }

        _observations++;
        if (_edges is null)
        {
            _referenceBuffer[_referenceFill++] = value;
            if (_referenceFill == _referenceBuffer.Length)
            {
                SetReference(_referenceBuffer);
                _referenceBuffer = [];
            }

            return ChangeDirection.None;
        }

        int bin = PopulationStabilityIndex.BinOf(_edges, value);
        if (_fill == _window.Length)
        {
            _windowCounts[_window[_next]]--;
        }
        else
        {
            _fill++;
        }

        _window[_next] = bin;
        _windowCounts[bin]++;
        _next = (_next + 1) % _window.Length;
        if (_fill < _window.Length)
        {
            return ChangeDirection.None;
        }

        _statistic = PopulationStabilityIndex.FromCounts(_referenceCounts, _windowCounts);
        if (_armed && _statistic > _options.Threshold)
        {
            _armed = false;
            _detections++;
            return ChangeDirection.Increase;
        }

        if (!_armed && _statistic <= _options.RearmLevel)
        {
            _armed = true;
        }

        return ChangeDirection.None;
    }

    /// <inheritdoc />
    /// <remarks>A given reference is kept; a learnt one is learnt again from the next observations.</remarks>
    public void Reset()
    {
        _observations = 0;
        _ignored = 0;
        _detections = 0;
        _statistic = 0;
        _fill = 0;
        _next = 0;
        _armed = true;
        _edges = null;
        _referenceFill = 0;
        if (_givenReference is not null)
        {
            SetReference(_givenReference);
        }
        else
        {
            _referenceBuffer = new double[_options.ReferenceLength];
        }
    }

    private void SetReference(ReadOnlySpan<double> reference)
    {
        _edges = PopulationStabilityIndex.QuantileEdges(reference, _options.Bins);
        _referenceCounts = new long[_edges.Length + 1];
        _windowCounts = new long[_edges.Length + 1];
        foreach (double v in reference)
        {
            _referenceCounts[PopulationStabilityIndex.BinOf(_edges, v)]++;
        }
    }
}
