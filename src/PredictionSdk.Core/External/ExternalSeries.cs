namespace PredictionSdk.External;

/// <summary>
/// The observations of one external series, in time order, answering "what was the latest value public at time T".
/// Appends come from one feed while features read from any thread; reads never block on a slow feed for long (a short
/// lock around an array search). Memory is bounded: beyond <see cref="Capacity"/> the oldest observations are dropped.
/// </summary>
public sealed class ExternalSeries
{
    private readonly object _gate = new();
    private readonly List<ExternalObservation> _observations = [];
    private long _duplicates;
    private long _outOfOrder;

    /// <summary>Creates an empty series.</summary>
    /// <param name="name">Name of the series (letters, digits, '_' and '-').</param>
    /// <param name="capacity">Observations kept; the oldest are dropped beyond it.</param>
    public ExternalSeries(string name, int capacity = 1_000_000)
    {
        CheckName(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Name = name;
        Capacity = capacity;
    }

    /// <summary>Name of the series.</summary>
    public string Name { get; }

    /// <summary>Observations kept at most.</summary>
    public int Capacity { get; }

    /// <summary>Observations held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _observations.Count;
            }
        }
    }

    /// <summary>The newest observation, if any.</summary>
    public ExternalObservation? Latest
    {
        get
        {
            lock (_gate)
            {
                return _observations.Count == 0 ? null : _observations[^1];
            }
        }
    }

    /// <summary>Observations ignored because an earlier one had the same timestamp (the first one wins, as for candles).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Observations ignored because they were older than the newest one held (a series only moves forward).</summary>
    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary>UTC wall-clock time of the latest accepted append; null before the first. Staleness is judged on it.</summary>
    public DateTime? LastAppendUtc { get; private set; }

    /// <summary>Checks that <paramref name="name"/> can name a series (and a feature column).</summary>
    /// <exception cref="ArgumentException">The name is empty, longer than 64 characters, or holds other than letters, digits, '_' and '-'.</exception>
    public static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new ArgumentException($"External series name '{name}' must be 1–64 letters, digits, '_' or '-'.", nameof(name));
        }
    }

    /// <summary>
    /// Appends an observation. Returns false (and counts it) for a timestamp equal to or older than the newest held:
    /// the first value for a time wins and history is never rewritten, so features already computed stay true.
    /// </summary>
    /// <exception cref="ExternalSeriesException">The value is not finite or the timestamp is not UTC.</exception>
    public bool Append(ExternalObservation observation)
    {
        if (!double.IsFinite(observation.Value))
        {
            throw new ExternalSeriesException(Name, FormattableString.Invariant($"value at {observation.Timestamp:O} is not finite ({observation.Value})."));
        }

        if (observation.Timestamp.Kind == DateTimeKind.Local)
        {
            throw new ExternalSeriesException(Name, FormattableString.Invariant($"timestamp {observation.Timestamp:O} is local time; use UTC."));
        }

        var utc = DateTime.SpecifyKind(observation.Timestamp, DateTimeKind.Utc);
        lock (_gate)
        {
            if (_observations.Count > 0)
            {
                var newest = _observations[^1].Timestamp;
                if (utc == newest)
                {
                    Interlocked.Increment(ref _duplicates);
                    return false;
                }

                if (utc < newest)
                {
                    Interlocked.Increment(ref _outOfOrder);
                    return false;
                }
            }

            if (_observations.Count == Capacity)
            {
                // Amortised: drop a tenth at once rather than shifting the list on every append.
                _observations.RemoveRange(0, Math.Max(1, Capacity / 10));
            }

            _observations.Add(observation with { Timestamp = utc });
            LastAppendUtc = DateTime.UtcNow;
            return true;
        }
    }

    /// <summary>Appends observations in any order (sorted here first); returns how many were accepted.</summary>
    public int AppendRange(IEnumerable<ExternalObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        int accepted = 0;
        foreach (var observation in observations.OrderBy(o => o.Timestamp))
        {
            accepted += Append(observation) ? 1 : 0;
        }

        return accepted;
    }

    /// <summary>
    /// The latest observation that was public at <paramref name="time"/>: the newest with
    /// <c>Timestamp + publicationLag ≤ time</c>. A value stamped later than <c>time − lag</c> is never returned, which is
    /// what keeps features free of look-ahead.
    /// </summary>
    public bool TryGetAsOf(DateTime time, TimeSpan publicationLag, out ExternalObservation observation)
    {
        if (publicationLag < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(publicationLag), publicationLag, "The publication lag cannot be negative.");
        }

        var cutoff = time - publicationLag;
        lock (_gate)
        {
            // Binary search for the last timestamp ≤ cutoff.
            int lo = 0, hi = _observations.Count - 1, found = -1;
            while (lo <= hi)
            {
                int mid = lo + ((hi - lo) >> 1);
                if (_observations[mid].Timestamp <= cutoff)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            observation = found < 0 ? default : _observations[found];
            return found >= 0;
        }
    }

    /// <summary>A copy of the observations held, oldest first.</summary>
    public IReadOnlyList<ExternalObservation> Snapshot()
    {
        lock (_gate)
        {
            return _observations.ToArray();
        }
    }
}
