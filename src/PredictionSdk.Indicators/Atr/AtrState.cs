namespace PredictionSdk.Indicators;

/// <summary>ATR state: true range from the second bar on, smoothed with <see cref="WilderAverage"/>. No arrays.</summary>
internal struct AtrState
{
    private WilderAverage _atr;
    private double _previousClose;
    private bool _started;

    public AtrState(int period)
    {
        _atr = new WilderAverage(period);
        _previousClose = double.NaN;
    }

    public readonly int Count => _atr.Count;

    public AtrValues Next(double high, double low, double close)
    {
        if (!_started)
        {
            _started = true;
            _previousClose = close;
            return AtrValues.None;
        }

        double tr = TrueRange(high, low, _previousClose);
        _previousClose = close;
        return From(tr, _atr.Next(tr), close);
    }

    public readonly AtrValues Peek(double high, double low, double close)
    {
        if (!_started)
        {
            return AtrValues.None;
        }

        double tr = TrueRange(high, low, _previousClose);
        return From(tr, _atr.Peek(tr), close);
    }

    public void Clear()
    {
        _atr.Clear();
        _previousClose = double.NaN;
        _started = false;
    }

    /// <summary>max(H − L, |H − C₋₁|, |L − C₋₁|); NaN when any input is NaN.</summary>
    internal static double TrueRange(double high, double low, double previousClose)
    {
        double range = high - low;
        double up = Math.Abs(high - previousClose);
        double down = Math.Abs(low - previousClose);
        return Math.Max(range, Math.Max(up, down));
    }

    private static AtrValues From(double tr, double atr, double close) =>
        new(tr, atr, close == 0 || double.IsNaN(atr) ? double.NaN : atr / close * 100);
}

/// <summary>ATR values of one bar (NaN for "no value").</summary>
internal readonly record struct AtrValues(double Tr, double Atr, double Atrp)
{
    public static readonly AtrValues None = new(double.NaN, double.NaN, double.NaN);
}
