namespace PredictionSdk.Validation;

/// <summary>
/// Tells the interval of bars from their open times: the supported interval that most often separates two
/// consecutive bars (ties go to the shorter). Gaps, overnight breaks and weekends do not mislead it. Use it
/// wherever data meets a model or a pipeline built for one interval: <see cref="EnsureMatches"/> for a batch,
/// <see cref="Add"/> and <see cref="Contradicts"/> bar by bar (allocation-free).
/// </summary>
public sealed class IntervalDetector
{
    /// <summary>Spacings of the detected interval needed before it may contradict the expected one.</summary>
    public const int DefaultEvidence = 8;

    private readonly long[] _counts = new long[Interval.All.Count];
    private long _previous;
    private bool _has;

    /// <summary>Spacings counted (between consecutive, increasing open times, of any length).</summary>
    public long Spacings { get; private set; }

    /// <summary>The interval that most often separates consecutive bars, or null before any supported spacing was seen.</summary>
    public Interval? Detected
    {
        get
        {
            int best = BestIndex();
            return best < 0 ? null : Interval.All[best];
        }
    }

    /// <summary>How many spacings equal <see cref="Detected"/>.</summary>
    public long Evidence
    {
        get
        {
            int best = BestIndex();
            return best < 0 ? 0 : _counts[best];
        }
    }

    /// <summary>Adds the next bar's open time; times at or before the previous one are ignored.</summary>
    public void Add(DateTime openTime)
    {
        long ticks = openTime.Ticks;
        if (_has && ticks <= _previous)
        {
            return;
        }

        if (_has)
        {
            Spacings++;
            long apart = ticks - _previous;
            var all = Interval.All;
            for (int i = 0; i < all.Count; i++)
            {
                if (all[i].Duration.Ticks == apart)
                {
                    _counts[i]++;
                    break;
                }
            }
        }

        _previous = ticks;
        _has = true;
    }

    /// <summary>
    /// True when at least <paramref name="evidence"/> spacings show an interval other than <paramref name="expected"/>
    /// and it is the most common; <paramref name="detected"/> is that interval.
    /// </summary>
    public bool Contradicts(Interval expected, out Interval detected, int evidence = DefaultEvidence)
    {
        int best = BestIndex();
        detected = best < 0 ? expected : Interval.All[best];
        return best >= 0 && detected != expected && _counts[best] >= evidence;
    }

    /// <summary>Forgets every bar.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _has = false;
        _previous = 0;
        Spacings = 0;
    }

    /// <summary>The interval of <paramref name="candles"/> (oldest first), or null when no two consecutive bars are a supported interval apart.</summary>
    public static Interval? Detect(IEnumerable<Candle> candles)
    {
        ArgumentNullException.ThrowIfNull(candles);
        var detector = new IntervalDetector();
        foreach (var candle in candles)
        {
            detector.Add(candle.Timestamp);
        }

        return detector.Detected;
    }

    /// <summary>
    /// Throws when <paramref name="candles"/> (oldest first) are bars of another interval than <paramref name="expected"/>,
    /// e.g. 5-minute bars given to a 1-minute model.
    /// </summary>
    /// <param name="expected">The interval the consumer was built for.</param>
    /// <param name="candles">The bars.</param>
    /// <param name="source">Where the bars came from (file, feed), for the message.</param>
    /// <param name="consumer">What expects the interval, e.g. <c>the model btc.psdk</c>.</param>
    /// <exception cref="IntervalMismatchException">The bars' spacing shows another interval.</exception>
    public static void EnsureMatches(Interval expected, IEnumerable<Candle> candles, string? source, string consumer)
    {
        ArgumentNullException.ThrowIfNull(candles);
        var detector = new IntervalDetector();
        foreach (var candle in candles)
        {
            detector.Add(candle.Timestamp);
        }

        detector.ThrowIfContradicts(expected, source, consumer);
    }

    /// <summary>Throws <see cref="IntervalMismatchException"/> when <see cref="Contradicts"/> is true.</summary>
    public void ThrowIfContradicts(Interval expected, string? source, string consumer)
    {
        if (Contradicts(expected, out var detected))
        {
            throw new IntervalMismatchException(expected, detected, Evidence, Spacings, source, consumer);
        }
    }

    private int BestIndex()
    {
        int best = -1;
        for (int i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0 && (best < 0 || _counts[i] > _counts[best]))
            {
                best = i;
            }
        }

        return best;
    }
}
