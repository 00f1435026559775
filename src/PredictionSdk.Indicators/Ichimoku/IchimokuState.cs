namespace PredictionSdk.Indicators;

/// <summary>
/// Ichimoku lines one bar at a time: three midpoints of rolling high/low windows (monotonic deques, O(1) amortised)
/// and two rings that delay the leading spans by the displacement. The rings are shared by copies of this
/// struct: <see cref="Peek"/> only reads them.
/// </summary>
internal struct IchimokuState
{
    private readonly int _tenkanPeriods;
    private readonly int _kijunPeriods;
    private readonly int _senkouBPeriods;
    private readonly int _offset;
    private readonly double[] _spanASource; // (tenkan + kijun) / 2 of the last `offset` bars, by bar index modulo offset
    private readonly double[] _spanBSource; // senkou B midpoint of the last `offset` bars
    private RollingExtremum _tenkanHigh;
    private RollingExtremum _tenkanLow;
    private RollingExtremum _kijunHigh;
    private RollingExtremum _kijunLow;
    private RollingExtremum _senkouHigh;
    private RollingExtremum _senkouLow;
    private int _count;

    public IchimokuState(int tenkanPeriods, int kijunPeriods, int senkouBPeriods)
    {
        _tenkanPeriods = tenkanPeriods;
        _kijunPeriods = kijunPeriods;
        _senkouBPeriods = senkouBPeriods;
        _offset = kijunPeriods;
        _spanASource = new double[_offset];
        _spanBSource = new double[_offset];
        _tenkanHigh = new RollingExtremum(tenkanPeriods, isMax: true);
        _tenkanLow = new RollingExtremum(tenkanPeriods, isMax: false);
        _kijunHigh = new RollingExtremum(kijunPeriods, isMax: true);
        _kijunLow = new RollingExtremum(kijunPeriods, isMax: false);
        _senkouHigh = new RollingExtremum(senkouBPeriods, isMax: true);
        _senkouLow = new RollingExtremum(senkouBPeriods, isMax: false);
        _count = 0;
    }

    /// <summary>Bars committed so far.</summary>
    public readonly int Count => _count;

    /// <summary>Displacement of the leading spans (and of the lagging span, backwards): the kijun period.</summary>
    public readonly int Offset => _offset;

    /// <summary>Commits a bar and returns tenkan, kijun and the leading spans plotted on it (NaN where none).</summary>
    public IchimokuValues Next(double high, double low)
    {
        _tenkanHigh.Push(high);
        _tenkanLow.Push(low);
        _kijunHigh.Push(high);
        _kijunLow.Push(low);
        _senkouHigh.Push(high);
        _senkouLow.Push(low);
        double tenkan = _tenkanHigh.IsFull ? Midpoint(_tenkanHigh.Value, _tenkanLow.Value) : double.NaN;
        double kijun = _kijunHigh.IsFull ? Midpoint(_kijunHigh.Value, _kijunLow.Value) : double.NaN;
        double spanBSource = _senkouHigh.IsFull ? Midpoint(_senkouHigh.Value, _senkouLow.Value) : double.NaN;
        IchimokuValues values = Assemble(tenkan, kijun);

        int slot = _count % _offset;
        _spanASource[slot] = (tenkan + kijun) / 2;
        _spanBSource[slot] = spanBSource;
        _count++;
        return values;
    }

    /// <summary>The values as if the bar were committed now; state is unchanged.</summary>
    public readonly IchimokuValues Peek(double high, double low)
    {
        int n = _count + 1;
        double tenkan = n >= _tenkanPeriods ? Midpoint(_tenkanHigh.Peek(high), _tenkanLow.Peek(low)) : double.NaN;
        double kijun = n >= _kijunPeriods ? Midpoint(_kijunHigh.Peek(high), _kijunLow.Peek(low)) : double.NaN;
        return Assemble(tenkan, kijun);
    }

    /// <summary>Forgets every bar.</summary>
    public void Clear()
    {
        _tenkanHigh.Clear();
        _tenkanLow.Clear();
        _kijunHigh.Clear();
        _kijunLow.Clear();
        _senkouHigh.Clear();
        _senkouLow.Clear();
        _count = 0;
    }

    private static double Midpoint(double highest, double lowest) => (highest + lowest) / 2;

    // The leading spans plotted on bar `_count` were computed `offset` bars earlier; that slot is about to be reused.
    private readonly IchimokuValues Assemble(double tenkan, double kijun)
    {
        bool displaced = _count >= _offset;
        int slot = _count % _offset;
        double spanA = displaced ? _spanASource[slot] : double.NaN;
        double spanB = displaced ? _spanBSource[slot] : double.NaN;
        return new IchimokuValues(tenkan, kijun, spanA, spanB);
    }
}

/// <summary>One bar of <see cref="IchimokuState"/>; NaN where there is no value.</summary>
internal readonly record struct IchimokuValues(double Tenkan, double Kijun, double SenkouA, double SenkouB);
