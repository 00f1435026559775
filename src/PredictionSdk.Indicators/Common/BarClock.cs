namespace PredictionSdk.Indicators;

/// <summary>
/// Order check for streaming indicators: a committed bar must be newer than the last committed one,
/// a previewed bar must not be older. A rejected bar leaves the indicator untouched.
/// </summary>
internal struct BarClock
{
    private DateTime _last;

    /// <summary>Bars committed so far.</summary>
    public int Count { get; private set; }

    /// <summary>Throws <see cref="CandleOrderException"/> unless <paramref name="timestamp"/> is newer than the last commit.</summary>
    public readonly void EnsureNext(DateTime timestamp)
    {
        if (Count > 0 && timestamp <= _last)
        {
            throw new CandleOrderException(Count, timestamp, _last);
        }
    }

    /// <summary>Throws unless <paramref name="timestamp"/> is newer than the last commit (the open bar follows the closed ones).</summary>
    public readonly void EnsurePreview(DateTime timestamp) => EnsureNext(timestamp);

    /// <summary>Records a committed bar (call after <see cref="EnsureNext"/>).</summary>
    public void Commit(DateTime timestamp)
    {
        _last = timestamp;
        Count++;
    }

    /// <summary>Forgets every bar.</summary>
    public void Clear()
    {
        _last = default;
        Count = 0;
    }
}
