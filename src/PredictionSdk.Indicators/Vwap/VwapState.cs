namespace PredictionSdk.Indicators;

/// <summary>VWAP state: running Σ(typical price·volume) and Σ volume since the anchor. No arrays.</summary>
internal struct VwapState
{
    private readonly VwapAnchor _anchor;
    private readonly DateTime _start;
    private double _priceVolume;
    private double _volume;
    private DateTime _day;
    private bool _started;

    public VwapState(VwapAnchor anchor, DateTime? startDate)
    {
        _anchor = anchor;
        _start = startDate ?? DateTime.MinValue;
    }

    public readonly bool IsReady => _started;

    public double Next(DateTime timestamp, double high, double low, double close, double volume)
    {
        if (timestamp < _start)
        {
            return double.NaN;
        }

        (_priceVolume, _volume, _day) = Accumulate(timestamp, high, low, close, volume);
        _started = true;
        return Value(_priceVolume, _volume);
    }

    public readonly double Peek(DateTime timestamp, double high, double low, double close, double volume)
    {
        if (timestamp < _start)
        {
            return double.NaN;
        }

        (double pv, double v, _) = Accumulate(timestamp, high, low, close, volume);
        return Value(pv, v);
    }

    public void Clear()
    {
        _priceVolume = _volume = 0;
        _day = default;
        _started = false;
    }

    private readonly (double PriceVolume, double Volume, DateTime Day) Accumulate(DateTime timestamp, double high, double low, double close, double volume)
    {
        DateTime day = timestamp.Date;
        bool restart = !_started || (_anchor == VwapAnchor.UtcDay && day != _day);
        double typical = (high + low + close) / 3;
        return restart
            ? (typical * volume, volume, day)
            : (_priceVolume + (typical * volume), _volume + volume, day);
    }

    // No traded volume yet: the average is undefined.
    private static double Value(double priceVolume, double volume) => volume == 0 ? double.NaN : priceVolume / volume;
}
