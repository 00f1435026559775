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
    private readonly double[] _scratch;
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
        _scratch = new double[_returns.Length];
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

                _returns[_returnNext] = r;
                _returnNext = (_returnNext + 1) % _returns.Length;
                _returnCount = Math.Min(_returnCount + 1, _returns.Length);
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
    private double Score(double r)
    {
        int n = _returnCount;
        if (n < 5)
        {
            return 0;
        }

        var values = _scratch.AsSpan(0, n);
        _returns.AsSpan(0, n).CopyTo(values);
        double median = Median(values);
        double meanAbs = 0;
        for (int i = 0; i < n; i++)
        {
            values[i] = Math.Abs(values[i] - median);
            meanAbs += values[i];
        }

        double scale = 1.4826 * Median(values);
        if (scale == 0)
        {
            scale = 1.2533 * meanAbs / n;
        }

        return scale > 0 ? Math.Abs(r - median) / scale : 0;
    }

    // Median by selection (expected linear time) rather than a full sort: this runs once per closed bar.
    private static double Median(Span<double> values)
    {
        int mid = values.Length / 2;
        double upper = Select(values, mid);
        if (values.Length % 2 == 1)
        {
            return upper;
        }

        // After selection everything left of mid is ≤ values[mid]; the lower middle is their maximum.
        double lower = values[0];
        for (int i = 1; i < mid; i++)
        {
            lower = Math.Max(lower, values[i]);
        }

        return (lower + upper) / 2;
    }

    // Hoare's selection: puts the k-th smallest value at index k, smaller ones before it, larger ones after.
    private static double Select(Span<double> values, int k)
    {
        int left = 0, right = values.Length - 1;
        while (left < right)
        {
            double pivot = values[(left + right) >>> 1];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
    }
}
