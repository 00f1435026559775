namespace PredictionSdk.Indicators;

/// <summary>MACD state: fast and slow EMAs of the close; the signal EMA starts once the MACD line exists. No arrays.</summary>
internal struct MacdState
{
    private readonly int _slowPeriod;
    private ExponentialAverage _fast;
    private ExponentialAverage _slow;
    private ExponentialAverage _signal;

    public MacdState(int fastPeriod, int slowPeriod, int signalPeriod)
    {
        _slowPeriod = slowPeriod;
        _fast = new ExponentialAverage(fastPeriod);
        _slow = new ExponentialAverage(slowPeriod);
        _signal = new ExponentialAverage(signalPeriod);
    }

    public MacdValues Next(double close)
    {
        double fast = _fast.Next(close);
        double slow = _slow.Next(close);
        if (_slow.Count < _slowPeriod)
        {
            return new MacdValues(double.NaN, double.NaN, double.NaN, fast, slow);
        }

        double macd = fast - slow;
        double signal = _signal.Next(macd);
        return new MacdValues(macd, signal, macd - signal, fast, slow);
    }

    public readonly MacdValues Peek(double close)
    {
        double fast = _fast.Peek(close);
        double slow = _slow.Peek(close);
        if (_slow.Count + 1 < _slowPeriod)
        {
            return new MacdValues(double.NaN, double.NaN, double.NaN, fast, slow);
        }

        double macd = fast - slow;
        double signal = _signal.Peek(macd);
        return new MacdValues(macd, signal, macd - signal, fast, slow);
    }

    public void Clear()
    {
        _fast.Clear();
        _slow.Clear();
        _signal.Clear();
    }
}

/// <summary>One bar of MACD values (NaN for "no value").</summary>
internal readonly record struct MacdValues(double Macd, double Signal, double Histogram, double FastEma, double SlowEma);
