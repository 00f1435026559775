namespace PredictionSdk.Indicators;

/// <summary>
/// Highest high and lowest low of the <c>period</c> bars before the current one (monotonic deques, O(1) amortised).
/// The current bar is not part of its own channel, so a preview does not depend on the open bar at all.
/// </summary>
internal struct DonchianState
{
    private readonly int _period;
    private RollingExtremum _highest;
    private RollingExtremum _lowest;

    public DonchianState(int period, RollingExtremum highest, RollingExtremum lowest)
    {
        _period = period;
        _highest = highest;
        _lowest = lowest;
    }

    public DonchianState(int period)
        : this(period, new RollingExtremum(period, isMax: true), new RollingExtremum(period, isMax: false))
    {
    }

    /// <summary>Bars committed so far.</summary>
    public readonly long Count => _highest.Pushed;

    /// <summary>The channel of the next bar: upper and lower bands (NaN until <c>period</c> bars are committed).</summary>
    public readonly (double Upper, double Lower) Current =>
        _highest.Pushed >= _period ? (_highest.Value, _lowest.Value) : (double.NaN, double.NaN);

    /// <summary>Returns the current bar's channel, then commits the bar.</summary>
    public (double Upper, double Lower) Next(double high, double low)
    {
        (double Upper, double Lower) channel = Current;
        _highest.Push(high);
        _lowest.Push(low);
        return channel;
    }

    /// <summary>Forgets every bar.</summary>
    public void Clear()
    {
        _highest.Clear();
        _lowest.Clear();
    }
}
