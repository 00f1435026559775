namespace PredictionSdk.Validation;

/// <summary>
/// Judges one symbol's bars one at a time — bar in, <see cref="CandleVerdict"/> out — by the SDK's one rule set:
/// the value rules of <see cref="CandleRules"/>, then duplicates (the first accepted bar wins), order, price
/// jumps (rejected until confirmed as a new level) and outliers (flagged on closed bars). Batch validation is a loop over
/// <see cref="Check"/>; a live stream calls it per closed bar and <see cref="Inspect"/> per open-bar update.
/// </summary>
/// <remarks>
/// One checker per symbol; not thread-safe. <see cref="Check"/> and <see cref="Inspect"/> allocate nothing (with
/// <see cref="CandleCheckOptions.RememberTimestamps"/> the set of open times grows).
/// </remarks>
public sealed class CandleChecker
{
    private readonly Interval _interval;
    private readonly bool _repair;
    private readonly double _maxJump;
    private readonly int _confirmations;
    private readonly bool _outliers;
    private readonly double _threshold;
    private readonly HashSet<long>? _seen;
    private readonly double[] _returns;
    private readonly double[] _sorted;
    private readonly long[] _rejected = new long[Enum.GetValues<CandleRule>().Length];
    private readonly IntervalDetector _spacing = new();
    private bool _has;
    private long _latest;
    private double _lastClose;
    private int _jumpRun;
    private int _returnCount;
    private int _returnNext;

    /// <summary>Creates a checker; the options are checked and copied now.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public CandleChecker(CandleCheckOptions? options = null)
    {
        var o = options?.Clone() ?? new CandleCheckOptions();
        o.ThrowIfInvalid();
        Options = o;
        _interval = o.Interval;
        _repair = o.Repair;
        _maxJump = o.MaxPriceJump ?? double.PositiveInfinity;
        _confirmations = o.JumpConfirmations;
        _outliers = o.DetectOutliers;
        _threshold = o.OutlierThreshold;
        _seen = o.RememberTimestamps ? [] : null;
        _returns = new double[2 * o.OutlierHalfWindow];
        _sorted = new double[_returns.Length];
    }

    /// <summary>The settings in use (a copy; changing it changes nothing).</summary>
    public CandleCheckOptions Options { get; }

    /// <summary>Open time of the latest accepted bar in time order, or null.</summary>
    public DateTime? LastTimestamp => _has ? new DateTime(_latest, DateTimeKind.Utc) : null;

    /// <summary>Close of the latest accepted bar in time order (the reference for jumps), or NaN.</summary>
    public double LastClose => _has ? _lastClose : double.NaN;

    /// <summary>Bars judged by <see cref="Check"/>.</summary>
    public long Checked { get; private set; }

    /// <summary>Bars accepted unchanged.</summary>
    public long Accepted { get; private set; }

    /// <summary>Bars accepted with a repair.</summary>
    public long Repaired { get; private set; }

    /// <summary>Bars rejected.</summary>
    public long Rejected { get; private set; }

    /// <summary>Accepted bars flagged as outliers.</summary>
    public long Outliers { get; private set; }

    /// <summary>The spacing of the accepted bars, from which their interval is told (<see cref="IntervalDetector"/>).</summary>
    public IntervalDetector Spacing => _spacing;

    /// <summary>Bars rejected by <paramref name="rule"/>.</summary>
    public long RejectedBy(CandleRule rule) => _rejected[(int)rule];

    /// <summary>Judges a closed bar and, unless it is rejected, makes it part of the history later bars are judged against.</summary>
    public CandleVerdict Check(in Candle bar)
    {
        var verdict = Judge(bar, commit: true);
        Checked++;
        switch (verdict.Action)
        {
            case CandleAction.Accept:
                Accepted++;
                break;
            case CandleAction.Repair:
                Repaired++;
                break;
            default:
                Rejected++;
                _rejected[(int)verdict.Rule]++;
                break;
        }

        if ((verdict.Notes & CandleNotes.Outlier) != 0)
        {
            Outliers++;
        }

        return verdict;
    }

    /// <summary>
    /// Judges an open (unfinished) bar against the history without changing it: a bar at or before the latest
    /// accepted one is stale, and a jump is rejected without counting towards a new level. Outliers are judged on
    /// closed bars only.
    /// </summary>
    public CandleVerdict Inspect(in Candle openBar) => Judge(openBar, commit: false);

    /// <summary>Forgets every bar and count, as if newly created.</summary>
    public void Reset()
    {
        _has = false;
        _latest = 0;
        _lastClose = 0;
        _jumpRun = 0;
        _returnCount = 0;
        _returnNext = 0;
        _seen?.Clear();
        _spacing.Reset();
        Array.Clear(_rejected);
        Checked = Accepted = Repaired = Rejected = Outliers = 0;
    }

    private CandleVerdict Judge(in Candle bar, bool commit)
    {
        var verdict = CandleRules.Check(bar, _interval, _repair);
        if (verdict.IsRejected)
        {
            return verdict;
        }

        var candle = verdict.Candle;
        long ticks = candle.Timestamp.Ticks;
        var repairs = verdict.Repairs;
        var notes = CandleNotes.None;
        bool inOrder = !_has || ticks > _latest;
        if (!inOrder)
        {
            var latest = new DateTime(_latest, DateTimeKind.Utc);
            bool duplicate = ticks == _latest || _seen?.Contains(ticks) == true;
            if (duplicate || !commit || !_repair)
            {
                return CandleVerdict.Reject(candle, _interval, duplicate ? CandleRule.Duplicate : CandleRule.OutOfOrder, "timestamp", referenceTime: latest);
            }

            repairs |= CandleRepairs.Order;
            verdict = verdict.Rule == CandleRule.None ? verdict with { Rule = CandleRule.OutOfOrder, Field = "timestamp", ReferenceTime = latest } : verdict;
        }

        double score = 0;
        long missing = 0;
        if (inOrder && _has)
        {
            double jump = Math.Max(Math.Abs((candle.High / _lastClose) - 1), Math.Abs((candle.Low / _lastClose) - 1));
            if (jump > _maxJump)
            {
                if (!commit || _jumpRun + 1 < _confirmations)
                {
                    int run = _jumpRun + 1;
                    if (commit)
                    {
                        _jumpRun = run;
                    }

                    bool high = Math.Abs((candle.High / _lastClose) - 1) >= Math.Abs((candle.Low / _lastClose) - 1);
                    return CandleVerdict.Reject(candle, _interval, CandleRule.PriceJump, high ? "high" : "low", high ? candle.High : candle.Low, _lastClose)
                        with { JumpRun = run, JumpConfirmations = _confirmations };
                }

                notes |= CandleNotes.LevelShift;
            }

            long step = _interval.Duration.Ticks;
            long apart = ticks - _latest;
            if (apart > step)
            {
                notes |= CandleNotes.Gap;
                missing = (apart / step) - 1;
            }
            else if (_outliers && commit && apart == step)
            {
                double r = Math.Log(candle.Close / _lastClose);
                score = Score(r);
                if (score > _threshold)
                {
                    notes |= CandleNotes.Outlier;
                }

                Push(r);
            }
        }

        if (commit)
        {
            if (inOrder)
            {
                // An accepted bar in order ends any run of jumps: it either confirmed the new level or did not jump.
                _jumpRun = 0;
                _spacing.Add(candle.Timestamp);
                _latest = ticks;
                _lastClose = candle.Close;
                _has = true;
            }

            _seen?.Add(ticks);
        }

        return verdict with
        {
            Action = repairs == CandleRepairs.None ? CandleAction.Accept : CandleAction.Repair,
            Repairs = repairs,
            Notes = notes,
            Candle = candle,
            OutlierScore = score,
            MissingBars = missing,
        };
    }

    // Hampel rule on the trailing window: distance of r from the window's median in robust standard deviations
    // (1.4826 × MAD; 1.2533 × mean absolute deviation when the MAD is 0, so one spike in a flat market still shows).
    // The window is kept sorted, so the median is read off and the MAD found by walking outwards from it.
    private double Score(double r)
    {
        int n = _returnCount;
        if (n < 5)
        {
            return 0;
        }

        var a = _sorted.AsSpan(0, n);
        int mid = n / 2;
        double median = n % 2 == 1 ? a[mid] : (a[mid - 1] + a[mid]) / 2;

        // Deviations below the median grow leftwards, those above it rightwards: merge the two runs up to the middle.
        int left = (n - 1) / 2, right = left + 1;
        double previous = 0, current = 0;
        for (int t = 0; t <= mid; t++)
        {
            double below = left >= 0 ? median - a[left] : double.PositiveInfinity;
            double above = right < n ? a[right] - median : double.PositiveInfinity;
            previous = current;
            if (below <= above)
            {
                current = below;
                left--;
            }
            else
            {
                current = above;
                right++;
            }
        }

        double scale = 1.4826 * (n % 2 == 1 ? current : (previous + current) / 2);
        if (scale == 0)
        {
            double sum = 0;
            foreach (double x in a)
            {
                sum += Math.Abs(x - median);
            }

            scale = 1.2533 * sum / n;
        }

        return scale > 0 ? Math.Abs(r - median) / scale : 0;
    }

    // Adds a return to the window (arrival order in _returns, ascending in _sorted), dropping the oldest when full.
    private void Push(double r)
    {
        if (_returnCount == _returns.Length)
        {
            int at = Array.BinarySearch(_sorted, 0, _returnCount, _returns[_returnNext]);
            Array.Copy(_sorted, at + 1, _sorted, at, _returnCount - at - 1);
            _returnCount--;
        }

        int position = Array.BinarySearch(_sorted, 0, _returnCount, r);
        if (position < 0)
        {
            position = ~position;
        }

        Array.Copy(_sorted, position, _sorted, position + 1, _returnCount - position);
        _sorted[position] = r;
        _returnCount++;
        _returns[_returnNext] = r;
        _returnNext = (_returnNext + 1) % _returns.Length;
    }
}
