namespace PredictionSdk.Models.Features.Internal;

/// <summary>
/// Fixed-capacity ring of the latest values; statistics are recomputed from the ring so they depend only on its contents.
/// </summary>
/// <remarks>
/// Statistics walk the newest values as at most two contiguous segments of the buffer, oldest first, so every sum is
/// accumulated in the same order whatever the ring position (results do not drift, and match a batch recomputation).
/// </remarks>
internal sealed class RollingWindow
{
    private readonly double[] _buffer;
    private int _head;

    public RollingWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _buffer = new double[capacity];
    }

    public int Capacity => _buffer.Length;

    public int Count { get; private set; }

    public bool IsFull => Count == _buffer.Length;

    /// <summary>Value <paramref name="ago"/> steps back; 0 is the newest.</summary>
    public double this[int ago]
    {
        get
        {
            int index = _head - 1 - ago;
            if (index < 0)
            {
                index += _buffer.Length;
            }

            return _buffer[index];
        }
    }

    public void Add(double value)
    {
        _buffer[_head] = value;
        _head = _head + 1 == _buffer.Length ? 0 : _head + 1;
        if (Count < _buffer.Length)
        {
            Count++;
        }
    }

    public void Reset()
    {
        Array.Clear(_buffer);
        _head = 0;
        Count = 0;
    }

    public void CopyFrom(RollingWindow other)
    {
        // Only the filled part carries state; the rest is still zero in both rings.
        int filled = other.Count == other._buffer.Length ? _buffer.Length : Math.Max(other.Count, Count);
        Array.Copy(other._buffer, _buffer, filled);
        _head = other._head;
        Count = other.Count;
    }

    /// <summary>Mean of the newest <paramref name="n"/> values (oldest first, so the sum order is fixed).</summary>
    public double Mean(int n) => Sum(n) / n;

    /// <summary>Population standard deviation of the newest <paramref name="n"/> values.</summary>
    public double Std(int n) => MeanStd(n).Std;

    /// <summary>Mean and population standard deviation of the newest <paramref name="n"/> values, in one call.</summary>
    public (double Mean, double Std) MeanStd(int n)
    {
        Segments(n, out var older, out var newer);
        double mean = (Accumulate(Accumulate(0, older), newer)) / n;
        double ss = SquaredDeviations(SquaredDeviations(0, older, mean), newer, mean);
        return (mean, Math.Sqrt(ss / n));
    }

    /// <summary>Mean, population standard deviation and skewness of the newest <paramref name="n"/> values.</summary>
    public (double Mean, double Std, double Skew) Moments(int n)
    {
        Segments(n, out var older, out var newer);
        double mean = Accumulate(Accumulate(0, older), newer) / n;
        double m2 = 0, m3 = 0;
        CentralMoments(older, mean, ref m2, ref m3);
        CentralMoments(newer, mean, ref m2, ref m3);
        m2 /= n;
        m3 /= n;
        double std = Math.Sqrt(m2);
        // A window with no spread has no defined skew; report a symmetric 0 rather than NaN.
        double skew = m2 > 1e-30 ? m3 / (m2 * std) : 0.0;
        return (mean, std, skew);
    }

    /// <summary>Mean absolute deviation of the newest <paramref name="n"/> values from <paramref name="center"/>.</summary>
    public double MeanAbsoluteDeviation(int n, double center)
    {
        Segments(n, out var older, out var newer);
        double sum = 0;
        foreach (double x in older)
        {
            sum += Math.Abs(x - center);
        }

        foreach (double x in newer)
        {
            sum += Math.Abs(x - center);
        }

        return sum / n;
    }

    public double Max(int n)
    {
        Segments(n, out var older, out var newer);
        double max = double.NegativeInfinity;
        foreach (double x in older)
        {
            max = Math.Max(max, x);
        }

        foreach (double x in newer)
        {
            max = Math.Max(max, x);
        }

        return max;
    }

    public double Min(int n)
    {
        Segments(n, out var older, out var newer);
        double min = double.PositiveInfinity;
        foreach (double x in older)
        {
            min = Math.Min(min, x);
        }

        foreach (double x in newer)
        {
            min = Math.Min(min, x);
        }

        return min;
    }

    public double Sum(int n)
    {
        Segments(n, out var older, out var newer);
        return Accumulate(Accumulate(0, older), newer);
    }

    /// <summary>The newest <paramref name="n"/> values as the older and the newer contiguous part of the buffer.</summary>
    private void Segments(int n, out ReadOnlySpan<double> older, out ReadOnlySpan<double> newer)
    {
        int start = _head - n;
        if (start >= 0)
        {
            older = _buffer.AsSpan(start, n);
            newer = default;
        }
        else
        {
            older = _buffer.AsSpan(start + _buffer.Length, -start);
            newer = _buffer.AsSpan(0, _head);
        }
    }

    private static double Accumulate(double sum, ReadOnlySpan<double> values)
    {
        foreach (double x in values)
        {
            sum += x;
        }

        return sum;
    }

    private static double SquaredDeviations(double sum, ReadOnlySpan<double> values, double mean)
    {
        foreach (double x in values)
        {
            double d = x - mean;
            sum += d * d;
        }

        return sum;
    }

    private static void CentralMoments(ReadOnlySpan<double> values, double mean, ref double m2, ref double m3)
    {
        foreach (double x in values)
        {
            double d = x - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
        }
    }
}
