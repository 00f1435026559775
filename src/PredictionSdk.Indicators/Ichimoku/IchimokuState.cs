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
        : this(tenkanPeriods, kijunPeriods, senkouBPeriods, null)
    {
    }

    /// <param name="tenkanPeriods">Conversion-line window.</param>
    /// <param name="kijunPeriods">Base-line window and displacement.</param>
    /// <param name="senkouBPeriods">Leading span B window.</param>
    /// <param name="buffers">Pooled storage (span cores); new arrays when null.</param>
    public IchimokuState(int tenkanPeriods, int kijunPeriods, int senkouBPeriods, IchimokuBuffers? buffers)
    {
        _tenkanPeriods = tenkanPeriods;
        _kijunPeriods = kijunPeriods;
        _senkouBPeriods = senkouBPeriods;
        _offset = kijunPeriods;
        _spanASource = buffers?.SpanA ?? new double[_offset];
        _spanBSource = buffers?.SpanB ?? new double[_offset];
        _tenkanHigh = buffers?.Extremum(0, tenkanPeriods, isMax: true) ?? new RollingExtremum(tenkanPeriods, isMax: true);
        _tenkanLow = buffers?.Extremum(1, tenkanPeriods, isMax: false) ?? new RollingExtremum(tenkanPeriods, isMax: false);
        _kijunHigh = buffers?.Extremum(2, kijunPeriods, isMax: true) ?? new RollingExtremum(kijunPeriods, isMax: true);
        _kijunLow = buffers?.Extremum(3, kijunPeriods, isMax: false) ?? new RollingExtremum(kijunPeriods, isMax: false);
        _senkouHigh = buffers?.Extremum(4, senkouBPeriods, isMax: true) ?? new RollingExtremum(senkouBPeriods, isMax: true);
        _senkouLow = buffers?.Extremum(5, senkouBPeriods, isMax: false) ?? new RollingExtremum(senkouBPeriods, isMax: false);
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

/// <summary>Pooled storage for the span core's <see cref="IchimokuState"/>; dispose to return it.</summary>
internal sealed class IchimokuBuffers : IDisposable
{
    private readonly ExtremumBuffers[] _extrema = new ExtremumBuffers[6];

    public IchimokuBuffers(int tenkanPeriods, int kijunPeriods, int senkouBPeriods)
    {
        int[] periods = [tenkanPeriods, tenkanPeriods, kijunPeriods, kijunPeriods, senkouBPeriods, senkouBPeriods];
        for (int k = 0; k < _extrema.Length; k++)
        {
            _extrema[k] = new ExtremumBuffers(periods[k]);
        }

        SpanA = System.Buffers.ArrayPool<double>.Shared.Rent(kijunPeriods);
        SpanB = System.Buffers.ArrayPool<double>.Shared.Rent(kijunPeriods);
    }

    public double[] SpanA { get; }

    public double[] SpanB { get; }

    public RollingExtremum Extremum(int slot, int period, bool isMax) => _extrema[slot].Create(period, isMax);

    public void Dispose()
    {
        foreach (ExtremumBuffers buffers in _extrema)
        {
            buffers.Dispose();
        }

        System.Buffers.ArrayPool<double>.Shared.Return(SpanA);
        System.Buffers.ArrayPool<double>.Shared.Return(SpanB);
    }
}
