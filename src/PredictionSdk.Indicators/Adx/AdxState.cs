namespace PredictionSdk.Indicators;

/// <summary>
/// Wilder's directional movement, one bar at a time, as Stock.Indicators computes it: the first
/// <c>period</c> true ranges and directional movements are summed (the seed), then smoothed with
/// <c>s = s − s/period + x</c>; ADX is the mean of the first <c>period</c> DX values, then Wilder-smoothed.
/// </summary>
/// <remarks>
/// A value type so a preview can run the same arithmetic on a copy. The ADX history ring (for ADXR) is
/// shared by copies: <see cref="Peek"/> only reads it.
/// </remarks>
internal struct AdxState
{
    private readonly int _period;
    private readonly double[] _adxHistory; // ADX of the last `period` bars, by bar index modulo period
    private int _index;                    // bars committed so far
    private double _prevHigh;
    private double _prevLow;
    private double _prevClose;
    private double _sumTr;
    private double _sumPdm;
    private double _sumMdm;
    private double _trs;
    private double _pdm;
    private double _mdm;
    private double _sumDx;
    private double _prevAdx;

    /// <param name="period">Smoothing period.</param>
    /// <param name="buffer">Storage of at least <paramref name="period"/> values (e.g. pooled); a new array when null.</param>
    public AdxState(int period, double[]? buffer = null)
    {
        _period = period;
        _adxHistory = buffer ?? new double[period];
        Clear();
    }

    /// <summary>Bars committed so far.</summary>
    public readonly int Count => _index;

    /// <summary>Commits a bar and returns its values.</summary>
    public AdxValues Next(double high, double low, double close)
    {
        AdxValues values = Step(ref this, high, low, close);
        _adxHistory[(_index - 1) % _period] = values.Adx;
        return values;
    }

    /// <summary>The values as if the bar were committed now; state is unchanged.</summary>
    public readonly AdxValues Peek(double high, double low, double close)
    {
        AdxState copy = this;
        return Step(ref copy, high, low, close);
    }

    /// <summary>Forgets every bar.</summary>
    public void Clear()
    {
        _index = 0;
        _prevHigh = _prevLow = _prevClose = 0;
        _sumTr = _sumPdm = _sumMdm = 0;
        _trs = _pdm = _mdm = 0;
        _sumDx = 0;
        _prevAdx = 0;
        _adxHistory.AsSpan(0, _period).Fill(double.NaN);
    }

    private static AdxValues Step(ref AdxState s, double high, double low, double close)
    {
        int i = s._index;
        int p = s._period;
        s._index++;
        double prevClose = s._prevClose;
        double upMove = high - s._prevHigh;
        double downMove = s._prevLow - low;
        s._prevHigh = high;
        s._prevLow = low;
        s._prevClose = close;
        if (i == 0)
        {
            return AdxValues.Empty;
        }

        double tr = Math.Max(high - low, Math.Max(Math.Abs(high - prevClose), Math.Abs(low - prevClose)));
        double pdm1 = upMove > downMove ? Math.Max(upMove, 0) : 0;
        double mdm1 = downMove > upMove ? Math.Max(downMove, 0) : 0;

        if (i <= p)
        {
            s._sumTr += tr;
            s._sumPdm += pdm1;
            s._sumMdm += mdm1;
        }

        if (i < p)
        {
            return AdxValues.Empty;
        }

        if (i == p)
        {
            s._trs = s._sumTr;
            s._pdm = s._sumPdm;
            s._mdm = s._sumMdm;
        }
        else
        {
            s._trs = s._trs - (s._trs / p) + tr;
            s._pdm = s._pdm - (s._pdm / p) + pdm1;
            s._mdm = s._mdm - (s._mdm / p) + mdm1;
        }

        // A zero smoothed range leaves the bar without values and out of the ADX seed (as Stock.Indicators does).
        if (s._trs == 0)
        {
            return AdxValues.Empty;
        }

        double pdi = 100 * s._pdm / s._trs;
        double mdi = 100 * s._mdm / s._trs;
        double dx = pdi == mdi ? 0 : 100 * Math.Abs(pdi - mdi) / (pdi + mdi);

        double adx = double.NaN;
        double adxr = double.NaN;
        if (i + 1 > 2 * p)
        {
            adx = ((s._prevAdx * (p - 1)) + dx) / p;
            adxr = (adx + s._adxHistory[(i + 1) % p]) / 2; // ADX of bar i + 1 − period
            s._prevAdx = adx;
        }
        else if (i + 1 == 2 * p)
        {
            s._sumDx += dx;
            adx = s._sumDx / p;
            s._prevAdx = adx;
        }
        else
        {
            s._sumDx += dx;
        }

        return new AdxValues(pdi, mdi, adx, adxr);
    }
}

/// <summary>One bar of <see cref="AdxState"/>; NaN where there is no value.</summary>
internal readonly record struct AdxValues(double Pdi, double Mdi, double Adx, double Adxr)
{
    public static readonly AdxValues Empty = new(double.NaN, double.NaN, double.NaN, double.NaN);
}
