using System.Globalization;

namespace PredictionSdk;

/// <summary>
/// Builds higher-interval bars one source bar at a time, e.g. 1m → 5m for a live feed. A bar is returned by
/// <see cref="Add(in Candle, out ResampledCandle)"/> as soon as it is known to be over: when the source bar that
/// ends it arrives, or when a bar of a later period arrives (the source had a gap). <see cref="Current"/> is the
/// partial bar in progress. Batch resampling, the feature pipeline's higher intervals and live feeds all run this
/// one implementation. Not thread-safe; one instance per series.
/// </summary>
/// <remarks>
/// Bars are aligned on UTC boundaries of the target interval (midnight UTC for 1d). When one source bar both
/// closes the pending bar (by starting a later period) and completes its own period, the pending bar is returned
/// and the second stays in <see cref="Current"/> with <see cref="ResampledCandle.IsComplete"/> true until the next
/// <see cref="Add(in Candle, out ResampledCandle)"/> or <see cref="Flush(out ResampledCandle)"/> returns it, so at
/// most one bar completes per source bar.
/// </remarks>
public sealed class CandleAggregator
{
    private readonly TimeSpan _sourceDuration;
    private State _state;

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
    }

    /// <summary>Aggregates source bars lasting <paramref name="sourceDuration"/> (not necessarily a standard interval) into <paramref name="target"/> bars.</summary>
    /// <exception cref="ArgumentException">The target is not a whole multiple of the source duration.</exception>
    public CandleAggregator(Interval target, TimeSpan sourceDuration)
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
        _state.LastTimestamp = DateTime.MinValue;
    }

    /// <summary>The interval of the bars produced.</summary>
    public Interval Target { get; }

    /// <summary>The interval of the bars consumed (unset when the source duration is not a standard interval).</summary>
    public Interval Source { get; }

    /// <summary>The bar in progress, or null before the first <see cref="Add(in Candle, out ResampledCandle)"/> and after a flush.</summary>
    public ResampledCandle? Current => _state.HasBar ? new ResampledCandle(_state.Bar.ToCandle(), _state.Bar.Count, _state.BarComplete) : null;

    /// <summary>
    /// Adds the next source bar (ascending open times). Returns true with the bar that closed, if one did.
    /// </summary>
    /// <exception cref="CandleValidationException">The bar is not later than the previous one.</exception>
    public bool Add(in Candle candle, out ResampledCandle completed)
    {
        EnsureLater(candle.Timestamp);
        return Step(ref _state, candle, 1, sourceComplete: true, out completed);
    }

    /// <summary>
    /// Adds a bar that was itself aggregated (e.g. 5m bars into 15m ones), carrying its
    /// <see cref="ResampledCandle.SourceCount"/> through; a bar holding an incomplete one is not complete either.
    /// </summary>
    /// <exception cref="CandleValidationException">The bar is not later than the previous one.</exception>
    public bool Add(in ResampledCandle bar, out ResampledCandle completed)
    {
        EnsureLater(bar.Candle.Timestamp);
        return Step(ref _state, bar.Candle, bar.SourceCount, bar.IsComplete, out completed);
    }

    /// <summary>
    /// What <see cref="Add(in Candle, out ResampledCandle)"/> would return for <paramref name="openBar"/> (a source bar
    /// still in progress, taken as if it closed now); changes nothing.
    /// </summary>
    /// <exception cref="CandleValidationException">The bar is not later than the last added one.</exception>
    public bool PreviewCompleted(in Candle openBar, out ResampledCandle completed)
    {
        EnsureLater(openBar.Timestamp);
        State copy = _state;
        return Step(ref copy, openBar, 1, sourceComplete: true, out completed);
    }

    /// <summary>
    /// The current bar as if <paramref name="openBar"/> (a source bar still in progress) were added now; changes nothing.
    /// </summary>
    public ResampledCandle Preview(in Candle openBar)
    {
        DateTime open = Target.Floor(openBar.Timestamp);
        if (_state.HasBar && open == _state.Bar.OpenTime && openBar.Timestamp > _state.LastTimestamp)
        {
            var preview = _state.Bar;
            preview.Add(openBar, 1);
            return new ResampledCandle(preview.ToCandle(), preview.Count, IsComplete: false);
        }

        var fresh = default(BarAccumulator);
        fresh.Start(open, openBar, 1);
        return new ResampledCandle(fresh.ToCandle(), 1, IsComplete: false);
    }

    /// <summary>Returns and clears the bar in progress (at the end of the data); false when there is none.</summary>
    public bool Flush(out ResampledCandle partial)
    {
        partial = default;
        if (!_state.HasBar)
        {
            return false;
        }

        partial = new ResampledCandle(_state.Bar.ToCandle(), _state.Bar.Count, _state.BarComplete);
        _state.HasBar = false;
        _state.BarComplete = false;
        return true;
    }

    /// <summary>Forgets all state, as if newly created.</summary>
    public void Reset()
    {
        _state = default;
        _state.LastTimestamp = DateTime.MinValue;
    }

    private void EnsureLater(DateTime timestamp)
    {
        if (timestamp <= _state.LastTimestamp)
        {
            throw new CandleValidationException(
                $"source bar #{_state.Added + 1} is not after the previous one ({_state.LastTimestamp:yyyy-MM-ddTHH:mm:ssZ}); bars must be ascending without duplicates",
                null,
                null,
                "timestamp",
                timestamp.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        }
    }

    // One step on a state passed by reference, so that Add runs it on the live state and PreviewCompleted on a copy.
    private bool Step(ref State s, in Candle candle, int sourceCount, bool sourceComplete, out ResampledCandle completed)
    {
        s.LastTimestamp = candle.Timestamp;
        s.Added++;
        DateTime open = Target.Floor(candle.Timestamp);
        completed = default;
        bool emitted = false;
        if (s.HasBar && open == s.Bar.OpenTime)
        {
            s.Bar.Add(candle, sourceCount);
        }
        else
        {
            if (s.HasBar)
            {
                completed = new ResampledCandle(s.Bar.ToCandle(), s.Bar.Count, IsComplete: true);
                emitted = true;
            }

            s.Bar.Start(open, candle, sourceCount);
            s.HasBar = true;
        }

        s.BarComplete = sourceComplete && candle.Timestamp + _sourceDuration >= s.Bar.OpenTime + Target.Duration;
        if (s.BarComplete && !emitted)
        {
            completed = new ResampledCandle(s.Bar.ToCandle(), s.Bar.Count, IsComplete: true);
            s.HasBar = false;
            s.BarComplete = false;
            return true;
        }

        return emitted;
    }

    /// <summary>Everything the aggregator knows, as one value so a preview can step a copy.</summary>
    private struct State
    {
        public BarAccumulator Bar;
        public bool HasBar;
        public bool BarComplete;
        public DateTime LastTimestamp;
        public long Added;
    }
}
