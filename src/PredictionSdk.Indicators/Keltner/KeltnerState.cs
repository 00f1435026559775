namespace PredictionSdk.Indicators;

/// <summary>
/// Keltner Channels one bar at a time from the shared EMA and ATR states (no second implementation of either);
/// a value type, so a preview runs the same arithmetic on a copy.
/// </summary>
internal struct KeltnerState
{
    private readonly int _lookback;
    private readonly double _multiplier;
    private ExponentialAverage _ema;
    private AtrState _atr;
    private int _count;

    public KeltnerState(int emaPeriods, double multiplier, int atrPeriods)
    {
        _lookback = Math.Max(emaPeriods, atrPeriods);
        _multiplier = multiplier;
        _ema = new ExponentialAverage(emaPeriods);
        _atr = new AtrState(atrPeriods);
    }

    /// <summary>Bars committed so far.</summary>
    public readonly int Count => _count;

    /// <summary>Commits a bar and returns its bands (NaN during warm-up).</summary>
    public KeltnerValues Next(double high, double low, double close)
    {
        double ema = _ema.Next(close);
        double atr = _atr.Next(high, low, close).Atr;
        _count++;
        return Compose(_count, ema, atr);
    }

    /// <summary>The bands as if the bar were committed now; state is unchanged.</summary>
    public readonly KeltnerValues Peek(double high, double low, double close) =>
        Compose(_count + 1, _ema.Peek(close), _atr.Peek(high, low, close).Atr);

    /// <summary>Forgets every bar.</summary>
    public void Clear()
    {
        _ema.Clear();
        _atr.Clear();
        _count = 0;
    }

    // Stock.Indicators reports nothing before max(emaPeriods, atrPeriods) bars; after that the centerline shows even
    // if the ATR (first value one bar after its period) does not yet.
    private readonly KeltnerValues Compose(int bars, double ema, double atr)
    {
        if (bars < _lookback)
        {
            return KeltnerValues.Empty;
        }

        double span = atr * _multiplier;
        double upper = ema + span;
        double lower = ema - span;
        double width = ema == 0 ? double.NaN : (upper - lower) / ema;
        return new KeltnerValues(upper, ema, lower, width);
    }
}

/// <summary>One bar of <see cref="KeltnerState"/>; NaN where there is no value.</summary>
internal readonly record struct KeltnerValues(double Upper, double Center, double Lower, double Width)
{
    public static readonly KeltnerValues Empty = new(double.NaN, double.NaN, double.NaN, double.NaN);
}
