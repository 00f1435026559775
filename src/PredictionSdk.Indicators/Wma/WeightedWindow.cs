namespace PredictionSdk.Indicators;

/// <summary>
/// Linearly weighted mean of the last <c>period</c> values (weight n for the newest, 1 for the oldest), O(1) per value:
/// the weighted sum moves by <c>n·x − (sum of the previous window)</c>. Rebuilt exactly after non-finite input and
/// every <see cref="RollingWindow.ResyncInterval"/> values. Copies share the ring: copy only to read.
/// </summary>
internal struct WeightedWindow
{
    private readonly int _period;
    private readonly double _divisor;
    private RollingWindow _window;
    private double _weighted;
    private int _sinceExact;
    private bool _stale;

    public WeightedWindow(int period, double[]? buffer = null)
    {
        _period = period;
        _divisor = period * (period + 1) / 2.0;
        _window = new RollingWindow(period, buffer: buffer);
        _stale = true;
    }

    /// <summary>True once <c>period</c> values are held.</summary>
    public readonly bool IsFull => _window.IsFull;

    /// <summary>Commits a value; returns the weighted mean (NaN until full or while a non-finite value is held).</summary>
    public double Next(double x)
    {
        double previousSum = _window.Sum;
        bool wasFull = _window.IsFull;
        _window.Push(x);
        if (!_window.IsFull)
        {
            return double.NaN;
        }

        if (double.IsNaN(_window.Sum))
        {
            _stale = true;
            return double.NaN;
        }

        if (_stale || !wasFull || double.IsNaN(previousSum) || ++_sinceExact >= RollingWindow.ResyncInterval)
        {
            _weighted = Exact(_window, double.NaN, false);
            _stale = false;
            _sinceExact = 0;
        }
        else
        {
            _weighted = _weighted + (_period * x) - previousSum;
        }

        return _weighted / _divisor;
    }

    /// <summary>The weighted mean as if <paramref name="x"/> were committed now.</summary>
    public readonly double Peek(double x)
    {
        if (_window.Count + 1 < _period)
        {
            return double.NaN;
        }

        if (double.IsNaN(_window.PeekSum(x)))
        {
            return double.NaN;
        }

        double previousSum = _window.Sum;
        if (_stale || !_window.IsFull || double.IsNaN(previousSum) || _sinceExact + 1 >= RollingWindow.ResyncInterval)
        {
            return Exact(_window, x, true) / _divisor;
        }

        return (_weighted + (_period * x) - previousSum) / _divisor;
    }

    /// <summary>Forgets every value.</summary>
    public void Clear()
    {
        _window.Clear();
        _weighted = 0;
        _sinceExact = 0;
        _stale = true;
    }

    /// <summary>Σ weight·value over the window, optionally as if <paramref name="next"/> were pushed first.</summary>
    private readonly double Exact(in RollingWindow window, double next, bool withNext)
    {
        double sum = 0;
        int n = _period;
        if (withNext)
        {
            // Newest is next (weight n), then the held values newest first, dropping the oldest.
            sum = n * next;
            for (int age = 0; age < n - 1; age++)
            {
                sum += (n - 1 - age) * window.Back(age);
            }

            return sum;
        }

        for (int age = 0; age < n; age++)
        {
            sum += (n - age) * window.Back(age);
        }

        return sum;
    }
}
