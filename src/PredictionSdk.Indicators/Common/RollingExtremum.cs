namespace PredictionSdk.Indicators;

/// <summary>
/// Highest (or lowest) of the last <c>period</c> values via a monotonic deque: O(1) amortised per value,
/// O(1) <see cref="Peek"/>. A NaN inside the window makes the result NaN until it leaves.
/// The deque arrays are shared by copies of this struct: copy it only to read.
/// </summary>
internal struct RollingExtremum
{
    private readonly long[] _index;
    private readonly double[] _value;
    private readonly bool _isMax;
    private readonly int _period;
    private int _head;
    private int _length;
    private long _pushed;
    private long _lastNaN;

    /// <param name="period">Window length.</param>
    /// <param name="isMax">True for the highest value, false for the lowest.</param>
    /// <param name="indexBuffer">Storage of at least <paramref name="period"/> entries (e.g. pooled); new when null.</param>
    /// <param name="valueBuffer">Storage of at least <paramref name="period"/> entries (e.g. pooled); new when null.</param>
    public RollingExtremum(int period, bool isMax, long[]? indexBuffer = null, double[]? valueBuffer = null)
    {
        _period = period;
        _isMax = isMax;
        _index = indexBuffer ?? new long[period];
        _value = valueBuffer ?? new double[period];
        _lastNaN = long.MinValue;
    }

    /// <summary>Window length.</summary>
    public readonly int Period => _period;

    /// <summary>Values pushed so far.</summary>
    public readonly long Pushed => _pushed;

    /// <summary>True once a full window has been seen.</summary>
    public readonly bool IsFull => _pushed >= _period;

    /// <summary>The extremum of the current window (NaN when empty or a NaN is inside).</summary>
    public readonly double Value
    {
        get
        {
            long lowest = _pushed - _period;
            if (_length == 0 || _lastNaN >= lowest)
            {
                return double.NaN;
            }

            return _value[_head];
        }
    }

    /// <summary>Position within the window of the extremum, counted back from the newest value (0 = newest); -1 when undefined.</summary>
    public readonly int Age => _length == 0 || _lastNaN >= _pushed - _period ? -1 : (int)(_pushed - 1 - _index[_head]);

    /// <summary>Adds a value, dropping the one that leaves the window.</summary>
    public void Push(double value)
    {
        long i = _pushed++;
        if (_length > 0 && _index[_head] <= i - _period)
        {
            _head = _head + 1 == _period ? 0 : _head + 1;
            _length--;
        }

        if (double.IsNaN(value))
        {
            _lastNaN = i;
            return;
        }

        // Ties keep the newer index so the extremum stays in the window longest.
        while (_length > 0)
        {
            int back = Slot(_length - 1);
            double v = _value[back];
            if (_isMax ? v > value : v < value)
            {
                break;
            }

            _length--;
        }

        int slot = Slot(_length);
        _index[slot] = i;
        _value[slot] = value;
        _length++;
    }

    /// <summary>The extremum as if <paramref name="value"/> were pushed now; state is unchanged.</summary>
    public readonly double Peek(double value)
    {
        long lowest = _pushed - _period + 1;
        if (double.IsNaN(value) || _lastNaN >= lowest)
        {
            return double.NaN;
        }

        double best = value;
        for (int k = 0; k < _length && k < 2; k++)
        {
            int slot = Slot(k);
            if (_index[slot] >= lowest)
            {
                double v = _value[slot];
                if (_isMax ? v > best : v < best)
                {
                    best = v;
                }

                break;
            }
        }

        return best;
    }

    /// <summary>Forgets every value.</summary>
    public void Clear()
    {
        _head = _length = 0;
        _pushed = 0;
        _lastNaN = long.MinValue;
    }

    private readonly int Slot(int offset)
    {
        int slot = _head + offset;
        return slot >= _period ? slot - _period : slot;
    }
}
