using PredictionSdk.Validation;

namespace PredictionSdk.Models.Features;

/// <summary>
/// Turns closed candles, one at a time, into a row of scale-free features (returns, ratios, z-scores,
/// oscillators, calendar and session flags, and the same on 5m/15m/1h bars aggregated inside the
/// pipeline). Strictly causal: the row after <see cref="Update"/> uses only that bar and earlier ones.
/// Batch computation (<see cref="Transform(IReadOnlyList{Candle}, FeatureSpec, FeatureExtensions?)"/>) is a loop over <see cref="Update"/>, so offline and
/// online values are identical. Indicator features are read from <c>PredictionSdk.Indicators</c>'
/// streaming indicators (an <c>IndicatorSet</c> per interval), higher intervals are built by
/// <see cref="CandleAggregator"/>: the pipeline itself only transforms their values.
/// </summary>
/// <remarks>Not thread-safe: one pipeline per symbol and consumer. See docs/features.md for every feature.</remarks>
public sealed partial class FeaturePipeline
{
    private readonly double[] _all;
    private readonly double[] _previewAll;
    private readonly float[] _row;
    private readonly float[] _previewRow;
    private readonly int[] _selected;
    private readonly List<string>? _describe;
    private readonly int _coreWarmup;
    private int _cursor;
    private long _count;
    private DateTime _lastTimestamp;

    /// <summary>Creates a pipeline for <paramref name="spec"/>; custom features and external series come from <see cref="FeatureExtensions.Shared"/>.</summary>
    /// <exception cref="ArgumentException">The spec is invalid or names an unknown feature.</exception>
    /// <exception cref="UnknownFeatureException">The spec lists a custom feature that is not registered.</exception>
    public FeaturePipeline(FeatureSpec spec)
        : this(spec, null)
    {
    }

    /// <summary>Creates a pipeline for <paramref name="spec"/>, reading custom features and external series from <paramref name="extensions"/>.</summary>
    /// <exception cref="ArgumentException">The spec is invalid or names an unknown feature.</exception>
    /// <exception cref="UnknownFeatureException">The spec lists a custom feature that is not registered.</exception>
    public FeaturePipeline(FeatureSpec spec, FeatureExtensions? extensions)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        _baseInterval = spec.Interval;
        InitializeState(spec);
        InitializeExtensions(spec, extensions ?? FeatureExtensions.Shared);

        // One dry pass records the feature names in exactly the order Compute writes them.
        _describe = [];
        ComputeAll(default, 0, 0, commit: false, new double[1024]);
        _builtinCount = _describe.Count;
        AllFeatureNames = _describe.Concat(ExtensionNames()).ToArray();
        _describe = null;
        _all = new double[AllFeatureNames.Count];
        _previewAll = new double[AllFeatureNames.Count];

        if (spec.Features is null)
        {
            _selected = Enumerable.Range(0, AllFeatureNames.Count).ToArray();
        }
        else
        {
            var index = AllFeatureNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
            _selected = new int[spec.Features.Count];
            for (int i = 0; i < _selected.Length; i++)
            {
                if (!index.TryGetValue(spec.Features[i], out _selected[i]))
                {
                    throw new ArgumentException($"Unknown feature '{spec.Features[i]}'. Known features: {string.Join(", ", AllFeatureNames)}.", nameof(spec));
                }
            }
        }

        FeatureNames = _selected.Select(i => AllFeatureNames[i]).ToArray();
        _row = new float[_selected.Length];
        _previewRow = new float[_selected.Length];
        _coreWarmup = CoreWarmup(spec);
        WarmupBars = Math.Max(Math.Max(_coreWarmup, ExtensionWarmup()), _timeframes.Length == 0 ? 0 : _timeframes.Max(t => (t.Period + 1) * t.Ratio));
    }

    /// <summary>The spec this pipeline computes.</summary>
    public FeatureSpec Spec { get; }

    /// <summary>Every feature this spec can produce, in computation order.</summary>
    public IReadOnlyList<string> AllFeatureNames { get; }

    /// <summary>Names of the emitted features, in row order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Number of emitted features (row length).</summary>
    public int FeatureCount => _row.Length;

    /// <summary>Bars needed, without gaps, before every feature is warmed up. <see cref="IsReady"/> is authoritative when bars are missing.</summary>
    public int WarmupBars { get; }

    /// <summary>True once every feature has its full look-back.</summary>
    public bool IsReady => _count >= _coreWarmup && ComponentsReady() && ExtensionsReady() && ContextReady();

    /// <summary>Bars accepted since creation or <see cref="Reset"/>.</summary>
    public long Count => _count;

    /// <summary>Open time of the latest accepted bar.</summary>
    public DateTime? LastTimestamp => _count == 0 ? null : _lastTimestamp;

    /// <summary>The row computed by the latest <see cref="Update"/>.</summary>
    public ReadOnlySpan<float> Current => _row;

    /// <summary>
    /// Accepts the next closed bar and returns its feature row (valid until the next call).
    /// Rows before <see cref="IsReady"/> are computed on partial look-backs, with neutral values where an indicator is
    /// still warming up, and should not be used for models.
    /// </summary>
    /// <exception cref="FeatureException">The bar breaks a rule of <see cref="CandleRules"/> (a non-finite or non-positive price, a bad volume, high/low contradicting open/close, an open time off the interval) or does not follow the previous bar in time (state unchanged), or a feature came out non-finite.</exception>
    public ReadOnlySpan<float> Update(in Candle closedBar)
    {
        CheckInput(closedBar);
        ComputeAll(closedBar, GapBars(closedBar), _count + 1, commit: true, _all);
        ComputeExtensions(closedBar, commit: true, _all);
        _lastTimestamp = closedBar.Timestamp;
        _count++;
        Select(_all, _row, closedBar.Timestamp, "the value is not finite; reset the pipeline before reuse");
        return _row;
    }

    /// <summary>
    /// Returns the row as if <paramref name="openBar"/> closed now, without changing this pipeline: every indicator,
    /// window and aggregator is previewed, not updated, so the row equals what <see cref="Update"/> of the same bar
    /// returns, bit for bit. No allocation; the row is valid until the next preview.
    /// </summary>
    /// <exception cref="FeatureException">The bar is out of order or malformed, or a feature came out non-finite (the pipeline is unchanged either way).</exception>
    public ReadOnlySpan<float> Preview(in Candle openBar)
    {
        CheckInput(openBar);
        ComputeAll(openBar, GapBars(openBar), _count + 1, commit: false, _previewAll);
        ComputeExtensions(openBar, commit: false, _previewAll);
        Select(_previewAll, _previewRow, openBar.Timestamp, "the value is not finite");
        return _previewRow;
    }

    /// <summary>Forgets every bar, as if newly created.</summary>
    public void Reset()
    {
        ResetState();
        ResetExtensions();
        ResetContext();
        _count = 0;
        _lastTimestamp = default;
        Array.Clear(_all);
        Array.Clear(_row);
        Array.Clear(_previewAll);
        Array.Clear(_previewRow);
    }

    /// <summary>
    /// Batch mode: a fresh pipeline fed every candle in order, one <see cref="Update"/> per candle.
    /// </summary>
    /// <param name="candles">The bars, oldest first.</param>
    /// <param name="spec">The features to compute.</param>
    /// <param name="extensions">Custom features and external series; null for <see cref="FeatureExtensions.Shared"/>.</param>
    /// <exception cref="ArgumentException">The spec reads context symbols: use the overload that takes their bars.</exception>
    public static FeatureMatrix Transform(IReadOnlyList<Candle> candles, FeatureSpec spec, FeatureExtensions? extensions = null) =>
        TransformWithContext(candles, spec, null, extensions);

    // The SDK's one rule set judges the bar (finite positive prices, volume, OHLC bounds, alignment), then its order.
    private void CheckInput(in Candle bar)
    {
        var verdict = CandleRules.Check(bar, _baseInterval);
        if (!verdict.IsRejected && _count > 0)
        {
            verdict = CandleRules.CheckOrder(_lastTimestamp, bar, _baseInterval);
        }

        if (verdict.IsRejected)
        {
            double value = verdict.Field == "timestamp" ? bar.Timestamp.Ticks : verdict.Value;
            throw new FeatureException("input." + verdict.Field, bar.Timestamp, value, $"{verdict.Rule}: {verdict.Reason}");
        }

        CheckOrderFlow(bar);
    }

    private long GapBars(in Candle bar) => _count == 0 ? 1 : (bar.Timestamp - _lastTimestamp).Ticks / _baseInterval.Duration.Ticks;

    /// <summary>Copies the selected features into <paramref name="row"/> as floats, refusing a non-finite one.</summary>
    private void Select(double[] all, float[] row, DateTime timestamp, string reason)
    {
        for (int i = 0; i < _selected.Length; i++)
        {
            double value = all[_selected[i]];
            float single = (float)value;
            if (!float.IsFinite(single))
            {
                throw new FeatureException(FeatureNames[i], timestamp, value, reason);
            }

            row[i] = single;
        }
    }

    // Called once per feature per bar: inlined, the name is only read by the describing pass.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Emit(string name, double value)
    {
        if (_describe is not null)
        {
            _describe.Add(name);
            return;
        }

        _target[_cursor++] = value;
    }
}

/// <summary>Feature rows for a candle series, as produced by <see cref="FeaturePipeline.Transform(IReadOnlyList{Candle}, FeatureSpec, FeatureExtensions?)"/>.</summary>
/// <param name="FeatureNames">Column names.</param>
/// <param name="Values">Row-major values, rows × columns.</param>
/// <param name="Timestamps">Open time of each row's bar.</param>
/// <param name="Closes">Close of each row's bar (for targets; never a feature).</param>
/// <param name="Ready">Whether the pipeline was warmed up at each row.</param>
public sealed record FeatureMatrix(IReadOnlyList<string> FeatureNames, float[] Values, DateTime[] Timestamps, double[] Closes, bool[] Ready)
{
    /// <summary>Rows not usable because a context symbol's bar was missing beyond <see cref="ContextSpec.MaxAgeBars"/> (0 without context).</summary>
    public long ContextStaleRows { get; init; }

    /// <summary>Number of rows.</summary>
    public int Rows => Timestamps.Length;

    /// <summary>Number of columns.</summary>
    public int Columns => FeatureNames.Count;

    /// <summary>One row.</summary>
    public ReadOnlySpan<float> Row(int index) => Values.AsSpan(index * Columns, Columns);
}
