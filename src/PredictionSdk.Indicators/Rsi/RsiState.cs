namespace PredictionSdk.Indicators;

/// <summary>
/// Wilder's RSI state: gains and losses of the close from the second bar on, each smoothed with
/// <see cref="WilderAverage"/>. No arrays, so copies are independent.
/// </summary>
internal struct RsiState
{
    private WilderAverage _gain;
    private WilderAverage _loss;
    private double _previous;
    private bool _started;

    public RsiState(int period)
    {
        _gain = new WilderAverage(period);
        _loss = new WilderAverage(period);
        _previous = double.NaN;
    }

    /// <summary>True once a value has been produced.</summary>
    public readonly bool IsReady => !double.IsNaN(_gain.Value) || !double.IsNaN(_loss.Value);

    public double Next(double close)
    {
        if (!_started)
        {
            _started = true;
            _previous = close;
            return double.NaN;
        }

        double change = close - _previous;
        _previous = close;
        return Rsi(_gain.Next(Gain(change)), _loss.Next(Loss(change)));
    }

    public readonly double Peek(double close)
    {
        if (!_started)
        {
            return double.NaN;
        }

        double change = close - _previous;
        return Rsi(_gain.Peek(Gain(change)), _loss.Peek(Loss(change)));
    }

    public void Clear()
    {
        _gain.Clear();
        _loss.Clear();
        _previous = double.NaN;
        _started = false;
    }

    // NaN change (NaN close) must stay NaN, hence the explicit comparisons.
    private static double Gain(double change) => change > 0 ? change : double.IsNaN(change) ? double.NaN : 0;

    private static double Loss(double change) => change < 0 ? -change : double.IsNaN(change) ? double.NaN : 0;

    private static double Rsi(double averageGain, double averageLoss)
    {
        if (double.IsNaN(averageGain) || double.IsNaN(averageLoss))
        {
            return double.NaN;
        }

        return averageLoss > 0 ? 100 - (100 / (1 + (averageGain / averageLoss))) : 100;
    }
}
