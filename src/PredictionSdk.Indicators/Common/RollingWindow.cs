namespace PredictionSdk.Indicators;

/// <summary>
/// The last <c>capacity</c> values with their running sum (and, on request, the sum of squared
/// deviations for a population variance), updated in O(1) per value.
/// </summary>
/// <remarks>
/// Non-finite values (NaN, ±∞) are counted rather than summed: while one is inside the window,
/// <see cref="Sum"/> and <see cref="M2"/> are NaN; once it leaves, the sums are rebuilt exactly.
/// The running sums are also rebuilt exactly every <see cref="ResyncInterval"/> values so rounding
/// cannot drift over long streams. <see cref="PeekSum"/>/<see cref="PeekMoments"/> run the very same
/// arithmetic as <see cref="Push"/> without changing state, so a preview equals the later commit bit for bit.
/// The ring array is shared by copies of this struct: copy it only to read.
/// </remarks>
internal struct RollingWindow
{
    /// <summary>Values between exact rebuilds of the running sums.</summary>
    public const int ResyncInterval = 4096;

    private readonly double[] _ring;
    private readonly int _capacity;
    private readonly bool _trackVariance;
    private int _next;
    private int _count;
    private int _nonFinite;
    private int _sinceExact;
    private bool _stale;
    private double _sum;
    private double _m2;

    /// <param name="capacity">Window length.</param>
    /// <param name="trackVariance">Also maintain <see cref="M2"/>.</param>
    /// <param name="buffer">Storage of at least <paramref name="capacity"/> values (e.g. pooled); a new array when null.</param>
    public RollingWindow(int capacity, bool trackVariance = false, double[]? buffer = null)
    {
        _ring = buffer ?? new double[capacity];
        _capacity = capacity;
        _trackVariance = trackVariance;
        Array.Clear(_ring, 0, capacity);
    }

    /// <summary>Window length.</summary>
    public readonly int Capacity => _capacity;

    /// <summary>Values held, at most <see cref="Capacity"/>.</summary>
    public readonly int Count => _count;

    /// <summary>True once <see cref="Capacity"/> values are held.</summary>
    public readonly bool IsFull => _count == _capacity;

    /// <summary>Sum of the held values; NaN while a non-finite value is held.</summary>
    public readonly double Sum => _nonFinite > 0 ? double.NaN : _sum;

    /// <summary>Sum of squared deviations from the mean; NaN while a non-finite value is held.</summary>
    public readonly double M2 => _nonFinite > 0 ? double.NaN : _m2;

    /// <summary>The value that the next <see cref="Push"/> evicts (only meaningful when full).</summary>
    public readonly double Oldest => _ring[_next];

    /// <summary>The value pushed <paramref name="age"/> pushes ago (0 = newest).</summary>
    public readonly double Back(int age)
    {
        int slot = _next - 1 - age;
        return _ring[slot < 0 ? slot + _capacity : slot];
    }

    /// <summary>Adds <paramref name="value"/>, evicting the oldest value when full.</summary>
    public void Push(double value)
    {
        bool full = IsFull;
        double leaving = full ? _ring[_next] : 0.0;
        _ring[_next] = value;
        _next = _next + 1 == _capacity ? 0 : _next + 1;
        if (!full)
        {
            _count++;
        }

        _nonFinite += (double.IsFinite(value) ? 0 : 1) - (full && !double.IsFinite(leaving) ? 1 : 0);
        if (_nonFinite > 0)
        {
            _stale = true;
            return;
        }

        if (_stale || ++_sinceExact >= ResyncInterval)
        {
            (_sum, _m2) = Exact(-1, 0.0, _count);
            _stale = false;
            _sinceExact = 0;
            return;
        }

        (_sum, _m2) = Advance(_sum, _m2, value, leaving, full, _count);
    }

    /// <summary>The sum as if <paramref name="value"/> were pushed now; state is unchanged.</summary>
    public readonly double PeekSum(double value) => PeekMoments(value).Sum;

    /// <summary>The sum and M2 as if <paramref name="value"/> were pushed now; state is unchanged.</summary>
    public readonly (double Sum, double M2) PeekMoments(double value)
    {
        bool full = IsFull;
        double leaving = full ? _ring[_next] : 0.0;
        int count = full ? _count : _count + 1;
        int nonFinite = _nonFinite + (double.IsFinite(value) ? 0 : 1) - (full && !double.IsFinite(leaving) ? 1 : 0);
        if (nonFinite > 0)
        {
            return (double.NaN, double.NaN);
        }

        if (_nonFinite > 0 || _stale || _sinceExact + 1 >= ResyncInterval)
        {
            return Exact(_next, value, count);
        }

        return Advance(_sum, _m2, value, leaving, full, count);
    }

    /// <summary>Forgets every value.</summary>
    public void Clear()
    {
        Array.Clear(_ring, 0, _capacity);
        _next = _count = _nonFinite = _sinceExact = 0;
        _stale = false;
        _sum = _m2 = 0;
    }

    private readonly (double Sum, double M2) Advance(double sum, double m2, double value, double leaving, bool full, int count)
    {
        double newSum = sum + value - leaving;
        if (!_trackVariance)
        {
            return (newSum, 0.0);
        }

        // Welford's update for a sliding (full) or growing window, expressed with the sums.
        if (full)
        {
            double oldMean = sum / count;
            double newMean = newSum / count;
            m2 += (value - leaving) * (value - newMean + leaving - oldMean);
        }
        else
        {
            double oldMean = count > 1 ? sum / (count - 1) : 0.0;
            double newMean = newSum / count;
            m2 += (value - oldMean) * (value - newMean);
        }

        return (newSum, Math.Max(m2, 0.0));
    }

    /// <summary>Two-pass sums over the ring in slot order, with <paramref name="replaceSlot"/> read as <paramref name="replacement"/>.</summary>
    private readonly (double Sum, double M2) Exact(int replaceSlot, double replacement, int count)
    {
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += i == replaceSlot ? replacement : _ring[i];
        }

        if (!_trackVariance)
        {
            return (sum, 0.0);
        }

        double mean = sum / count;
        double m2 = 0;
        for (int i = 0; i < count; i++)
        {
            double d = (i == replaceSlot ? replacement : _ring[i]) - mean;
            m2 += d * d;
        }

        return (sum, m2);
    }
}
