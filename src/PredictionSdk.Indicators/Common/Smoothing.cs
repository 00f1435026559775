namespace PredictionSdk.Indicators;

/// <summary>
/// Exponential moving average seeded the Stock.Indicators way: NaN for the first <c>period − 1</c> values,
/// then the simple average of the first <c>period</c> values, then <c>ema += k·(x − ema)</c>, k = 2/(period+1).
/// NaN input propagates (the average is recursive, so it stays NaN).
/// </summary>
internal struct ExponentialAverage
{
    private readonly int _period;
    private readonly double _k;
    private int _count;
    private double _seedSum;
    private double _value;

    public ExponentialAverage(int period)
    {
        _period = period;
        _k = 2.0 / (period + 1);
        _value = double.NaN;
    }

    /// <summary>Values seen so far.</summary>
    public readonly int Count => _count;

    /// <summary>Current average (NaN during warm-up).</summary>
    public readonly double Value => _value;

    /// <summary>Commits a value and returns the new average.</summary>
    public double Next(double x)
    {
        double result = Peek(x);
        _count++;
        if (_count <= _period)
        {
            _seedSum += x;
        }

        _value = result;
        return result;
    }

    /// <summary>The average as if <paramref name="x"/> were committed now.</summary>
    public readonly double Peek(double x)
    {
        int n = _count + 1;
        if (n < _period)
        {
            return double.NaN;
        }

        return n == _period ? (_seedSum + x) / _period : _value + (_k * (x - _value));
    }

    /// <summary>Forgets every value.</summary>
    public void Clear()
    {
        _count = 0;
        _seedSum = 0;
        _value = double.NaN;
    }
}

/// <summary>
/// Wilder's smoothing (RMA): the simple average of the first <c>period</c> values, then
/// <c>avg = (avg·(period − 1) + x) / period</c>.
/// </summary>
internal struct WilderAverage
{
    private readonly int _period;
    private int _count;
    private double _seedSum;
    private double _value;

    public WilderAverage(int period)
    {
        _period = period;
        _value = double.NaN;
    }

    /// <summary>Values seen so far.</summary>
    public readonly int Count => _count;

    /// <summary>Current average (NaN during warm-up).</summary>
    public readonly double Value => _value;

    /// <summary>Commits a value and returns the new average.</summary>
    public double Next(double x)
    {
        double result = Peek(x);
        _count++;
        if (_count <= _period)
        {
            _seedSum += x;
        }

        _value = result;
        return result;
    }

    /// <summary>The average as if <paramref name="x"/> were committed now.</summary>
    public readonly double Peek(double x)
    {
        int n = _count + 1;
        if (n < _period)
        {
            return double.NaN;
        }

        return n == _period ? (_seedSum + x) / _period : ((_value * (_period - 1)) + x) / _period;
    }

    /// <summary>Forgets every value.</summary>
    public void Clear()
    {
        _count = 0;
        _seedSum = 0;
        _value = double.NaN;
    }
}
