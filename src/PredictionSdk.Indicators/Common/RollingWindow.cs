namespace PredictionSdk.Indicators;

/// <summary>
/// The last <c>capacity</c> values with their running sum, updated in O(1) per value, and an exact
/// two-pass mean and sum of squared deviations (O(capacity)) for standard deviations.
/// </summary>
/// <remarks>
/// Non-finite values (NaN, ±∞) are counted rather than summed: while one is inside the window,
/// <see cref="Sum"/> and <see cref="Moments"/> are NaN; once it leaves, the sums are rebuilt exactly.
/// The running sums are also rebuilt exactly every <see cref="ResyncInterval"/> values so rounding
/// cannot drift over long streams. The variance is computed in two passes, never from running sums of squares:
/// those cancel catastrophically when prices are large and nearly flat (a flat window must give σ = 0 exactly).
/// <see cref="PeekSum"/>/<see cref="PeekMoments"/> run the very same
/// arithmetic as <see cref="Push"/> without changing state, so a preview equals the later commit bit for bit.
/// The ring array is shared by copies of this struct: copy it only to read.
/// </remarks>
internal struct RollingWindow
{
    /// <summary>Values between exact rebuilds of the running sums.</summary>
    public const int ResyncInterval = 4096;

    private readonly double[] _ring;
    private readonly int _capacity;
    private int _next;
    private int _count;
    private int _nonFinite;
    private int _sinceExact;
    private bool _stale;
    private double _sum;

    /// <param name="capacity">Window length.</param>
    /// <param name="buffer">Storage of at least <paramref name="capacity"/> values (e.g. pooled); a new array when null.</param>
    public RollingWindow(int capacity, double[]? buffer = null)
    {
        _ring = buffer ?? new double[capacity];
        _capacity = capacity;
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
            _sum = ExactSum(-1, 0.0, _count);
            _stale = false;
            _sinceExact = 0;
            return;
        }

        _sum += value - leaving;
    }

    /// <summary>The sum as if <paramref name="value"/> were pushed now; state is unchanged.</summary>
    public readonly double PeekSum(double value)
    {
        bool full = IsFull;
        double leaving = full ? _ring[_next] : 0.0;
        int count = full ? _count : _count + 1;
        int nonFinite = _nonFinite + (double.IsFinite(value) ? 0 : 1) - (full && !double.IsFinite(leaving) ? 1 : 0);
        if (nonFinite > 0)
        {
            return double.NaN;
        }

        if (_nonFinite > 0 || _stale || _sinceExact + 1 >= ResyncInterval)
        {
            return ExactSum(_next, value, count);
        }

        return _sum + (value - leaving); // the same association as Push, so a preview equals the commit bit for bit
    }

    /// <summary>Mean and Σ(x − mean)² of the held values in two passes, oldest first; NaN while a non-finite value is held.</summary>
    public readonly (double Mean, double M2) Moments()
    {
        (double mean, double m2, _) = CentralMoments();
        return (mean, m2);
    }

    /// <summary><see cref="Moments"/> as if <paramref name="value"/> were pushed now; state is unchanged.</summary>
    public readonly (double Mean, double M2) PeekMoments(double value)
    {
        (double mean, double m2, _) = PeekCentralMoments(value);
        return (mean, m2);
    }

    /// <summary>Mean, Σ(x − mean)² and Σ(x − mean)³ of the held values (two passes, oldest first); NaN while a non-finite value is held.</summary>
    public readonly (double Mean, double M2, double M3) CentralMoments() =>
        _nonFinite > 0 || _count == 0 ? (double.NaN, double.NaN, double.NaN) : TwoPass(peek: false, 0.0);

    /// <summary><see cref="CentralMoments"/> as if <paramref name="value"/> were pushed now; state is unchanged.</summary>
    public readonly (double Mean, double M2, double M3) PeekCentralMoments(double value)
    {
        bool full = IsFull;
        int nonFinite = _nonFinite + (double.IsFinite(value) ? 0 : 1) - (full && !double.IsFinite(_ring[_next]) ? 1 : 0);
        return nonFinite > 0 ? (double.NaN, double.NaN, double.NaN) : TwoPass(peek: true, value);
    }

    /// <summary>Forgets every value.</summary>
    public void Clear()
    {
        Array.Clear(_ring, 0, _capacity);
        _next = _count = _nonFinite = _sinceExact = 0;
        _stale = false;
        _sum = 0;
    }

    /// <summary>Sum over the ring in slot order, with <paramref name="replaceSlot"/> read as <paramref name="replacement"/>.</summary>
    private readonly double ExactSum(int replaceSlot, double replacement, int count)
    {
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += i == replaceSlot ? replacement : _ring[i];
        }

        return sum;
    }

    /// <summary>
    /// Two-pass mean, M2 and M3 in chronological order. With <paramref name="peek"/> the window is read as if
    /// <paramref name="pushed"/> had been pushed (the oldest value dropped when full): the same values in the same order
    /// as after the push, so a peek and the later commit agree bit for bit.
    /// </summary>
    private readonly (double Mean, double M2, double M3) TwoPass(bool peek, double pushed)
    {
        // The held values, oldest first, as at most two contiguous parts of the ring; a peek drops the oldest when full.
        ReadOnlySpan<double> older, newer;
        if (IsFull)
        {
            int first = peek ? _next + 1 : _next;
            older = _ring.AsSpan(first, _capacity - first);
            newer = _ring.AsSpan(0, _next);
        }
        else
        {
            older = _ring.AsSpan(0, _count);
            newer = default;
        }

        int count = older.Length + newer.Length + (peek ? 1 : 0);
        // Shift by the oldest value: a flat window then gives exactly zero, and large prices lose no precision.
        double shift = older.Length > 0 ? older[0] : newer.Length > 0 ? newer[0] : pushed;
        // Each sum runs through the values in one sequence (never two partial sums added), so that the peeked window
        // and the committed one, split differently across the ring, accumulate in the same order.
        double sum = ShiftedSum(newer, shift, ShiftedSum(older, shift, 0));
        if (peek)
        {
            sum += pushed - shift;
        }

        double offset = sum / count;
        (double m2, double m3) = Deviations(newer, shift, offset, Deviations(older, shift, offset, (0, 0)));
        if (peek)
        {
            double d = pushed - shift - offset;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
        }

        return (shift + offset, m2, m3);
    }

    private static double ShiftedSum(ReadOnlySpan<double> values, double shift, double sum)
    {
        foreach (double x in values)
        {
            sum += x - shift;
        }

        return sum;
    }

    private static (double M2, double M3) Deviations(ReadOnlySpan<double> values, double shift, double offset, (double M2, double M3) sums)
    {
        (double m2, double m3) = sums;
        foreach (double x in values)
        {
            double d = x - shift - offset;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
        }

        return (m2, m3);
    }
}
