namespace PredictionSdk.Models.Features.Internal;

/// <summary>Fixed-capacity ring of the latest values; statistics are recomputed from the ring so they depend only on its contents.</summary>
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
        Array.Copy(other._buffer, _buffer, _buffer.Length);
        _head = other._head;
        Count = other.Count;
    }

    /// <summary>Mean of the newest <paramref name="n"/> values (oldest first, so the sum order is fixed).</summary>
    public double Mean(int n)
    {
        double sum = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            sum += this[i];
        }

        return sum / n;
    }

    /// <summary>Population standard deviation of the newest <paramref name="n"/> values.</summary>
    public double Std(int n)
    {
        double mean = Mean(n);
        double ss = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            double d = this[i] - mean;
            ss += d * d;
        }

        return Math.Sqrt(ss / n);
    }

    /// <summary>Mean, population standard deviation and skewness of the newest <paramref name="n"/> values.</summary>
    public (double Mean, double Std, double Skew) Moments(int n)
    {
        double mean = Mean(n);
        double m2 = 0, m3 = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            double d = this[i] - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
        }

        m2 /= n;
        m3 /= n;
        double std = Math.Sqrt(m2);
        // A window with no spread has no defined skew; report a symmetric 0 rather than NaN.
        double skew = m2 > 1e-30 ? m3 / (m2 * std) : 0.0;
        return (mean, std, skew);
    }

    public double Max(int n)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            max = Math.Max(max, this[i]);
        }

        return max;
    }

    public double Min(int n)
    {
        double min = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            min = Math.Min(min, this[i]);
        }

        return min;
    }

    public double Sum(int n)
    {
        double sum = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            sum += this[i];
        }

        return sum;
    }
}
