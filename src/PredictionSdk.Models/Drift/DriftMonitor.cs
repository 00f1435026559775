using System.Diagnostics.Metrics;
using System.Globalization;

namespace PredictionSdk.Models.Drift;

/// <summary>
/// Runs change detectors per (symbol, horizon, signal): ADWIN and/or Page–Hinkley on each loss of the scored
/// predictions it is given, and PSI on each input feature. Raises <see cref="DriftDetected"/> with the numbers behind
/// every alarm and publishes each detector's state as metrics (<see cref="DriftTelemetry"/>).
/// </summary>
/// <remarks>
/// Detectors are created on a stream's first observation. Calls are serialised by a lock, so one monitor may serve
/// every symbol's pipeline; events are raised on the calling thread, inside the lock: keep handlers short (hand the
/// event to a channel). Observing an outcome allocates nothing unless it raises an event or starts a new stream.
/// </remarks>
public sealed class DriftMonitor : IDisposable
{
    private readonly Lock _gate = new();
    private readonly DriftMonitorOptions _options;
    private readonly Dictionary<DriftStream, IDriftDetector[]> _streams = [];
    private readonly HashSet<string>? _features;
    private readonly Meter _meter;
    private readonly Counter<long> _alarms;
    private long _alarmCount;

    /// <summary>Creates a monitor.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="meterFactory">Creates the meter (from the host's DI); a standalone meter when null.</param>
    /// <exception cref="ArgumentException">The settings are not usable (the message says which).</exception>
    public DriftMonitor(DriftMonitorOptions? options = null, IMeterFactory? meterFactory = null)
    {
        _options = options ?? new DriftMonitorOptions();
        if (_options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _features = _options.Features.Count > 0 ? new HashSet<string>(_options.Features, StringComparer.Ordinal) : null;
        _meter = meterFactory?.Create(new MeterOptions(DriftTelemetry.MeterName)) ?? new Meter(DriftTelemetry.MeterName);
        _alarms = _meter.CreateCounter<long>("psdk.drift.alarms", "{alarm}", "Drift events raised.");
        _meter.CreateObservableGauge("psdk.drift.statistic", () => Measure(s => s.Statistic), description: "Each detector's test statistic at its last check.");
        _meter.CreateObservableGauge("psdk.drift.threshold", () => Measure(s => s.Threshold), description: "The threshold each detector's statistic is compared with.");
        _meter.CreateObservableGauge("psdk.drift.estimate", () => Measure(s => s.Estimate), description: "Each detector's estimate of its stream's level.");
        _meter.CreateObservableGauge("psdk.drift.window", () => Measure(s => (double)s.WindowLength), "{observation}", "Observations each detector's estimate rests on.");
    }

    /// <summary>Raised for every detected change (rises only, unless <see cref="DriftMonitorOptions.AlarmOnImprovement"/>).</summary>
    public event EventHandler<DriftEvent>? DriftDetected;

    /// <summary>Events raised so far.</summary>
    public long Alarms => Interlocked.Read(ref _alarmCount);

    /// <summary>Streams being watched.</summary>
    public int StreamCount
    {
        get
        {
            lock (_gate)
            {
                return _streams.Count;
            }
        }
    }

    /// <summary>Feeds a scored prediction's losses to the detectors of its symbol and horizon.</summary>
    /// <returns>The number of events raised.</returns>
    public int Observe(in PredictionOutcome outcome)
    {
        var signals = _options.Signals;
        var symbol = outcome.Symbol;
        int horizon = outcome.Horizon;
        var time = outcome.TargetTime;
        string version = outcome.ModelVersion;
        int raised = 0;
        lock (_gate)
        {
            if ((signals & DriftSignal.DirectionLogLoss) != 0 && outcome.DirectionLogLoss is { } logLoss)
            {
                raised += Feed(new DriftStream(symbol, horizon, DriftSignal.DirectionLogLoss), logLoss, time, version);
            }

            if ((signals & DriftSignal.PinballLoss) != 0)
            {
                raised += Feed(new DriftStream(symbol, horizon, DriftSignal.PinballLoss), outcome.ScaledPinballLoss, time, version);
            }

            if ((signals & DriftSignal.IntervalMiss) != 0)
            {
                raised += Feed(new DriftStream(symbol, horizon, DriftSignal.IntervalMiss), outcome.IntervalMiss ? 1 : 0, time, version);
            }
        }

        return raised;
    }

    /// <summary>Feeds one value of an input feature to its PSI detector.</summary>
    /// <param name="symbol">Instrument.</param>
    /// <param name="feature">Feature name.</param>
    /// <param name="value">The feature's value at <paramref name="barTime"/> (non-finite values are skipped).</param>
    /// <param name="barTime">Time of the bar the value belongs to.</param>
    /// <returns>The number of events raised (0 or 1).</returns>
    public int ObserveFeature(Symbol symbol, string feature, double value, DateTime barTime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        if ((_options.Signals & DriftSignal.FeaturePsi) == 0)
        {
            return 0;
        }

        lock (_gate)
        {
            return Feed(new DriftStream(symbol, 0, DriftSignal.FeaturePsi, feature), value, barTime, null);
        }
    }

    /// <summary>Feeds a feature row (e.g. <c>FeaturePipeline</c>'s latest row) to the PSI detectors of the watched features.</summary>
    /// <param name="symbol">Instrument.</param>
    /// <param name="barTime">Time of the bar the row belongs to.</param>
    /// <param name="names">Column names, in row order.</param>
    /// <param name="row">The values.</param>
    /// <returns>The number of events raised.</returns>
    /// <exception cref="ArgumentException">The row and the names differ in length.</exception>
    public int ObserveFeatures(Symbol symbol, DateTime barTime, IReadOnlyList<string> names, ReadOnlySpan<float> row)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count != row.Length)
        {
            throw new ArgumentException($"The feature row has {row.Length} values for {names.Count} names.", nameof(row));
        }

        if ((_options.Signals & DriftSignal.FeaturePsi) == 0)
        {
            return 0;
        }

        int raised = 0;
        lock (_gate)
        {
            for (int i = 0; i < row.Length; i++)
            {
                if (_features is null || _features.Contains(names[i]))
                {
                    raised += Feed(new DriftStream(symbol, 0, DriftSignal.FeaturePsi, names[i]), row[i], barTime, null);
                }
            }
        }

        return raised;
    }

    /// <summary>Resets every detector of <paramref name="symbol"/> (e.g. after the model serving it was replaced): losses of the old model say nothing about the new one.</summary>
    /// <param name="symbol">Instrument.</param>
    /// <param name="includeFeatures">Also reset the feature detectors (their learnt references are learnt again).</param>
    public void Reset(Symbol symbol, bool includeFeatures = false)
    {
        lock (_gate)
        {
            foreach (var (stream, detectors) in _streams)
            {
                if (stream.Symbol == symbol && (includeFeatures || stream.Signal != DriftSignal.FeaturePsi))
                {
                    foreach (var detector in detectors)
                    {
                        detector.Reset();
                    }
                }
            }
        }
    }

    /// <summary>Every detector's state, ordered by symbol, horizon, signal, feature and detector.</summary>
    public IReadOnlyList<DriftDetectorSnapshot> Snapshot()
    {
        lock (_gate)
        {
            return [.. _streams
                .SelectMany(p => p.Value.Select(d => new DriftDetectorSnapshot(p.Key, d.Name, d.State)))
                .OrderBy(s => s.Stream.Symbol.Value, StringComparer.Ordinal)
                .ThenBy(s => s.Stream.Horizon)
                .ThenBy(s => s.Stream.Signal)
                .ThenBy(s => s.Stream.Feature, StringComparer.Ordinal)
                .ThenBy(s => s.Detector, StringComparer.Ordinal)];
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private int Feed(DriftStream stream, double value, DateTime time, string? version)
    {
        if (!_streams.TryGetValue(stream, out var detectors))
        {
            detectors = Create(stream.Signal);
            _streams.Add(stream, detectors);
        }

        int raised = 0;
        foreach (var detector in detectors)
        {
            var direction = detector.Update(value);
            if (direction == ChangeDirection.None || (direction == ChangeDirection.Decrease && !_options.AlarmOnImprovement))
            {
                continue;
            }

            var state = detector.State;
            var drift = new DriftEvent(stream, detector.Name, direction, state.Statistic, state.Threshold, state.Estimate, time, state.Observations, version);
            raised++;
            Interlocked.Increment(ref _alarmCount);
            _alarms.Add(1, Tags(stream, detector.Name));
            DriftDetected?.Invoke(this, drift);
        }

        return raised;
    }

    private IDriftDetector[] Create(DriftSignal signal)
    {
        if (signal == DriftSignal.FeaturePsi)
        {
            return [new PsiDetector(_options.Psi)];
        }

        var detectors = new List<IDriftDetector>(2);
        if ((_options.Detectors & DriftDetectorKinds.Adwin) != 0)
        {
            detectors.Add(new Adwin(_options.Adwin));
        }

        if ((_options.Detectors & DriftDetectorKinds.PageHinkley) != 0)
        {
            detectors.Add(new PageHinkley(_options.PageHinkley));
        }

        return [.. detectors];
    }

    private List<Measurement<double>> Measure(Func<DriftDetectorState, double> pick)
    {
        lock (_gate)
        {
            var measurements = new List<Measurement<double>>(_streams.Count * 2);
            foreach (var (stream, detectors) in _streams)
            {
                foreach (var detector in detectors)
                {
                    double value = pick(detector.State);
                    if (double.IsFinite(value))
                    {
                        measurements.Add(new Measurement<double>(value, Tags(stream, detector.Name)));
                    }
                }
            }

            return measurements;
        }
    }

    private static KeyValuePair<string, object?>[] Tags(DriftStream stream, string detector)
    {
        var tags = new List<KeyValuePair<string, object?>>(5)
        {
            new("symbol", stream.Symbol.Value),
            new("horizon", stream.Horizon.ToString(CultureInfo.InvariantCulture)),
            new("signal", SignalName(stream.Signal)),
            new("detector", detector),
        };
        if (stream.Feature is not null)
        {
            tags.Add(new("feature", stream.Feature));
        }

        return [.. tags];
    }

    /// <summary>The signal's name in metrics and logs: <c>direction_log_loss</c>, <c>pinball_loss</c>, <c>interval_miss</c>, <c>feature_psi</c>.</summary>
    public static string SignalName(DriftSignal signal) => signal switch
    {
        DriftSignal.DirectionLogLoss => "direction_log_loss",
        DriftSignal.PinballLoss => "pinball_loss",
        DriftSignal.IntervalMiss => "interval_miss",
        DriftSignal.FeaturePsi => "feature_psi",
        _ => signal.ToString(),
    };
}
