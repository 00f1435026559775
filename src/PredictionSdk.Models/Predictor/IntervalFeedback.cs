using PredictionSdk.Models.Calibration;

namespace PredictionSdk.Models;

/// <summary>
/// Per-symbol online adaptation of the reported intervals: remembers each interval issued from a closed bar and,
/// when its target bar closes, tells the matching <see cref="AdaptiveConformal"/> tracker whether it covered.
/// Not thread-safe; the predictor serialises access.
/// </summary>
internal sealed class IntervalFeedback(double rate)
{
    private readonly Dictionary<(int Horizon, double Level), AdaptiveConformal> _trackers = [];
    private readonly List<Pending> _pending = [];

    /// <summary>Adapts a log-return interval and, unless it is a preview, waits for its outcome.</summary>
    /// <param name="horizon">Bars ahead.</param>
    /// <param name="level">Nominal coverage.</param>
    /// <param name="widthFloor">Smallest width the adaptation scales by.</param>
    /// <param name="origin">Count of closed bars the forecast was made from, or null for a preview.</param>
    /// <param name="originClose">Close of the latest bar.</param>
    /// <param name="lower">Calibrated lower bound (log return).</param>
    /// <param name="upper">Calibrated upper bound (log return).</param>
    public (double Lower, double Upper) Issue(int horizon, double level, double widthFloor, long? origin, double originClose, double lower, double upper)
    {
        if (rate == 0)
        {
            return (lower, upper);
        }

        if (!_trackers.TryGetValue((horizon, level), out var tracker))
        {
            tracker = new AdaptiveConformal(level, rate, widthFloor);
            _trackers.Add((horizon, level), tracker);
        }

        var adapted = tracker.Adapt(lower, upper);
        if (origin is { } from && originClose > 0 && !IsPending(tracker, from + horizon))
        {
            // One outcome per tracker and origin bar: asking twice for the same forecast must not count twice.
            _pending.Add(new Pending(tracker, from + horizon, originClose, adapted.Lower, adapted.Upper));
        }

        return adapted;
    }

    /// <summary>Scores every interval whose target is the bar just closed (the <paramref name="observed"/>-th).</summary>
    public void Resolve(long observed, double close)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        // Score and drop in one pass, in place: this runs on every observed bar.
        int kept = 0;
        for (int i = 0; i < _pending.Count; i++)
        {
            var p = _pending[i];
            if (p.Target > observed)
            {
                _pending[kept++] = p;
            }
            else if (p.Target == observed && close > 0)
            {
                double y = Math.Log(close / p.OriginClose);
                p.Tracker.Update(y >= p.Lower && y <= p.Upper);
            }
        }

        _pending.RemoveRange(kept, _pending.Count - kept);
    }

    private bool IsPending(AdaptiveConformal tracker, long target)
    {
        foreach (var p in _pending)
        {
            if (p.Tracker == tracker && p.Target == target)
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Pending(AdaptiveConformal Tracker, long Target, double OriginClose, double Lower, double Upper);
}
