namespace PredictionSdk.Data.Resampling;

/// <summary>
/// Builds higher-interval bars one source bar at a time, e.g. 1m → 5m for a live feed. A bar is returned by
/// <see cref="Add(in Candle, out ResampledCandle)"/> as soon as it is known to be over: when the source bar that
/// ends it arrives, or when a bar of a later period arrives (the source had a gap). <see cref="Current"/> is the
/// partial bar in progress. Not thread-safe; one instance per series.
/// </summary>
/// <remarks>
/// Bars are aligned on UTC boundaries of the target interval (midnight UTC for 1d). When one source bar both
/// closes the pending bar (by starting a later period) and completes its own period, the pending bar is returned
/// and the second stays in <see cref="Current"/> with <see cref="ResampledCandle.IsComplete"/> true until the next
/// <see cref="Add(in Candle, out ResampledCandle)"/> or <see cref="Flush(out ResampledCandle)"/> returns it.
/// </remarks>
public sealed class CandleAggregator
{
    private readonly TimeSpan _sourceDuration;
    private BarAccumulator _bar;
    private bool _hasBar;
    private bool _barComplete;
    private DateTime _lastTimestamp = DateTime.MinValue;
    private long _added;

    /// <summary>Aggregates 1-minute bars into <paramref name="target"/> bars.</summary>
    public CandleAggregator(Interval target)
        : this(target, Interval.OneMinute)
    {
    }

    /// <summary>Aggregates <paramref name="source"/> bars into <paramref name="target"/> bars.</summary>
    /// <exception cref="ArgumentException">The target is not a whole multiple of the source.</exception>
    public CandleAggregator(Interval target, Interval source)
        : this(target, source.Duration)
    {
        Source = source;
    }

    internal CandleAggregator(Interval target, TimeSpan sourceDuration)
    {
        if (target.Duration <= TimeSpan.Zero || sourceDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException("Intervals must be set.", nameof(target));
        }

        if (target.Duration < sourceDuration || target.Duration.Ticks % sourceDuration.Ticks != 0)
        {
            throw new ArgumentException($"Cannot build {target} bars from {sourceDuration.TotalMinutes:0.##}-minute bars: the target must be a whole multiple of the source.", nameof(target));
        }

        Target = target;
        _sourceDuration = sourceDuration;
        Source = Interval.All.FirstOrDefault(i => i.Duration == sourceDuration);
    }

    /// <summary>The interval of the bars produced.</summary>
    public Interval Target { get; }

    /// <summary>The interval of the bars consumed.</summary>
    public Interval Source { get; }

    /// <summary>The bar in progress, or null before the first <see cref="Add(in Candle, out ResampledCandle)"/> and after a flush.</summary>
    public ResampledCandle? Current => _hasBar ? new ResampledCandle(_bar.ToCandle(), _bar.Count, _barComplete) : null;

    /// <summary>
    /// Adds the next source bar (ascending open times). Returns true with the bar that closed, if one did.
    /// </summary>
    /// <exception cref="CandleValidationException">The bar is not later than the previous one.</exception>
    public bool Add(in Candle candle, out ResampledCandle completed)
    {
        if (candle.Timestamp <= _lastTimestamp)
        {
            throw new CandleValidationException(
                $"source bar #{_added + 1} is not after the previous one ({_lastTimestamp:yyyy-MM-ddTHH:mm:ssZ}); bars must be ascending without duplicates",
                null,
                null,
                "timestamp",
                candle.Timestamp.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        }

        _lastTimestamp = candle.Timestamp;
        _added++;
        DateTime open = Target.Floor(candle.Timestamp);
        completed = default;
        bool emitted = false;
        if (_hasBar && open == _bar.OpenTime)
        {
            _bar.Add(candle);
        }
        else
        {
            if (_hasBar)
            {
                completed = new ResampledCandle(_bar.ToCandle(), _bar.Count, IsComplete: true);
                emitted = true;
            }

            _bar.Start(open, candle);
            _hasBar = true;
        }

        _barComplete = candle.Timestamp + _sourceDuration >= _bar.OpenTime + Target.Duration;
        if (_barComplete && !emitted)
        {
            completed = new ResampledCandle(_bar.ToCandle(), _bar.Count, IsComplete: true);
            _hasBar = false;
            _barComplete = false;
            return true;
        }

        return emitted;
    }

    /// <summary>
    /// The current bar as if <paramref name="openBar"/> (a source bar still in progress) were added now; changes nothing.
    /// </summary>
    public ResampledCandle Preview(in Candle openBar)
    {
        DateTime open = Target.Floor(openBar.Timestamp);
        if (_hasBar && open == _bar.OpenTime && openBar.Timestamp > _lastTimestamp)
        {
            var preview = _bar;
            preview.Add(openBar);
            return new ResampledCandle(preview.ToCandle(), preview.Count, IsComplete: false);
        }

        var fresh = default(BarAccumulator);
        fresh.Start(open, openBar);
        return new ResampledCandle(fresh.ToCandle(), 1, IsComplete: false);
    }

    /// <summary>Returns and clears the bar in progress (at the end of the data); false when there is none.</summary>
    public bool Flush(out ResampledCandle partial)
    {
        partial = default;
        if (!_hasBar)
        {
            return false;
        }

        partial = new ResampledCandle(_bar.ToCandle(), _bar.Count, _barComplete);
        _hasBar = false;
        _barComplete = false;
        return true;
    }

    /// <summary>Forgets all state, as if newly created.</summary>
    public void Reset()
    {
        _hasBar = false;
        _barComplete = false;
        _lastTimestamp = DateTime.MinValue;
        _added = 0;
    }
}
