namespace PredictionSdk.Indicators;

/// <summary>
/// Running sums of positive and negative money flow over the last <c>period</c> bars (O(1) per bar). Counts of
/// non-zero flows in each window make an empty side exactly zero, so rounding left in a running sum can never
/// push the index outside [0, 100].
/// </summary>
internal struct MfiState
{
    private readonly int _period;
    private RollingWindow _positive;
    private RollingWindow _negative;
    private int _positiveCount;
    private int _negativeCount;
    private double _prevTypical;
    private int _count;

    public MfiState(int period, double[]? positiveBuffer = null, double[]? negativeBuffer = null)
    {
        _period = period;
        _positive = new RollingWindow(period, buffer: positiveBuffer);
        _negative = new RollingWindow(period, buffer: negativeBuffer);
        _prevTypical = double.NaN;
    }

    /// <summary>Bars committed so far.</summary>
    public readonly int Count => _count;

    /// <summary>Commits a bar and returns its MFI (NaN during the first <c>period</c> bars).</summary>
    public double Next(double high, double low, double close, double volume)
    {
        (double typical, double up, double down) = Flows(high, low, close, volume);
        bool full = _positive.IsFull;
        _positiveCount += Counted(up) - (full && Counted(_positive.Oldest) == 1 ? 1 : 0);
        _negativeCount += Counted(down) - (full && Counted(_negative.Oldest) == 1 ? 1 : 0);
        _positive.Push(up);
        _negative.Push(down);
        _prevTypical = typical;
        _count++;
        return _count > _period ? Mfi.Evaluate(Side(_positive.Sum, _positiveCount), Side(_negative.Sum, _negativeCount)) : double.NaN;
    }

    /// <summary>The MFI as if the bar were committed now; state is unchanged.</summary>
    public readonly double Peek(double high, double low, double close, double volume)
    {
        if (_count + 1 <= _period)
        {
            return double.NaN;
        }

        (_, double up, double down) = Flows(high, low, close, volume);
        bool full = _positive.IsFull;
        int positiveCount = _positiveCount + Counted(up) - (full && Counted(_positive.Oldest) == 1 ? 1 : 0);
        int negativeCount = _negativeCount + Counted(down) - (full && Counted(_negative.Oldest) == 1 ? 1 : 0);
        return Mfi.Evaluate(Side(_positive.PeekSum(up), positiveCount), Side(_negative.PeekSum(down), negativeCount));
    }

    /// <summary>Forgets every bar.</summary>
    public void Clear()
    {
        _positive.Clear();
        _negative.Clear();
        _positiveCount = _negativeCount = 0;
        _prevTypical = double.NaN;
        _count = 0;
    }

    private static int Counted(double flow) => flow != 0 ? 1 : 0; // NaN counts, so it reaches the sum

    private static double Side(double sum, int count) => count == 0 ? 0 : Math.Max(sum, 0);

    // Raw money flow (typical price × volume) goes to the side given by the typical price's move; unchanged goes nowhere.
    private readonly (double Typical, double Up, double Down) Flows(double high, double low, double close, double volume)
    {
        double typical = Cci.TypicalPrice(high, low, close);
        double flow = typical * volume;
        if (double.IsNaN(flow))
        {
            return (typical, double.NaN, double.NaN);
        }

        return typical > _prevTypical ? (typical, flow, 0)
            : typical < _prevTypical ? (typical, 0, flow)
            : (typical, 0, 0);
    }
}
