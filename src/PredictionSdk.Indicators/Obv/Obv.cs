namespace PredictionSdk.Indicators;

/// <summary>
/// On-balance volume: starts at 0 on the first bar, then adds the bar's volume when the close rises,
/// subtracts it when the close falls, and keeps it when the close is unchanged.
/// </summary>
public static class Obv
{
    /// <summary>Bars before the first value: 0.</summary>
    public static int WarmupPeriods() => 0;

    /// <summary>Writes the OBV. Allocates nothing.</summary>
    /// <exception cref="ArgumentException">Inputs differ in length or the output is too short.</exception>
    public static void Compute(ReadOnlySpan<double> close, ReadOnlySpan<double> volume, Span<double> output)
    {
        IndicatorGuard.SameLength(close.Length, volume.Length);
        IndicatorGuard.Output(close.Length, output.Length);
        var state = default(ObvState);
        for (int i = 0; i < close.Length; i++)
        {
            output[i] = state.Next(close[i], volume[i]);
        }
    }
}

/// <summary>OBV state: the running total and the previous close.</summary>
internal struct ObvState
{
    private double _obv;
    private double _previousClose;
    private bool _started;

    public double Next(double close, double volume)
    {
        _obv = Peek(close, volume);
        _previousClose = close;
        _started = true;
        return _obv;
    }

    public readonly double Peek(double close, double volume)
    {
        if (!_started)
        {
            return 0;
        }

        // NaN close or volume: the comparison fails on NaN, so test explicitly to keep NaN sticky.
        if (double.IsNaN(close) || double.IsNaN(_previousClose))
        {
            return double.NaN;
        }

        return close > _previousClose ? _obv + volume : close < _previousClose ? _obv - volume : _obv;
    }

    public void Clear() => this = default;
}
