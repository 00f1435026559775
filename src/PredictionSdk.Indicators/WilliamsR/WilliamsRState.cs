namespace PredictionSdk.Indicators;

/// <summary>Highest high and lowest low of the last <c>period</c> bars and the %R they give; O(1) amortised per bar.</summary>
internal struct WilliamsRState
{
    private readonly int _period;
    private RollingExtremum _highest;
    private RollingExtremum _lowest;

    public WilliamsRState(int period, RollingExtremum highest, RollingExtremum lowest)
    {
        _period = period;
        _highest = highest;
        _lowest = lowest;
    }

    public WilliamsRState(int period)
        : this(period, new RollingExtremum(period, isMax: true), new RollingExtremum(period, isMax: false))
    {
    }

    /// <summary>Bars committed so far.</summary>
    public readonly long Count => _highest.Pushed;

    /// <summary>Commits a bar and returns its %R (NaN during warm-up).</summary>
    public double Next(double high, double low, double close)
    {
        _highest.Push(high);
        _lowest.Push(low);
        return _highest.IsFull ? WilliamsR.Evaluate(_highest.Value, _lowest.Value, close) : double.NaN;
    }

    /// <summary>The %R as if the bar were committed now; state is unchanged.</summary>
    public readonly double Peek(double high, double low, double close) =>
        _highest.Pushed + 1 >= _period ? WilliamsR.Evaluate(_highest.Peek(high), _lowest.Peek(low), close) : double.NaN;

    /// <summary>Forgets every bar.</summary>
    public void Clear()
    {
        _highest.Clear();
        _lowest.Clear();
    }
}
