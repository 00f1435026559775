namespace PredictionSdk.Models.Features.Internal;

/// <summary>
/// Builds bars of a higher interval from closed base bars and keeps the indicators the multi-scale
/// features read. A higher bar counts only once it has closed: when its last base bar arrives, or
/// (if that bar is missing) when the first bar of a later bucket arrives.
/// </summary>
internal sealed class TimeframeState
{
    private readonly Interval _interval;
    private readonly long _intervalTicks;
    private readonly long _baseTicks;
    private readonly Smoother _ema;
    private readonly RsiState _rsi;
    private readonly AtrState _atr;
    private readonly RollingWindow _returns;
    private long _bucket;
    private bool _open;
    private double _o, _h, _l, _c;
    private double _previousClose;

    public TimeframeState(Interval interval, Interval baseInterval, int period)
    {
        _interval = interval;
        _intervalTicks = interval.Duration.Ticks;
        _baseTicks = baseInterval.Duration.Ticks;
        Period = period;
        Ratio = (int)(interval.Duration.Ticks / baseInterval.Duration.Ticks);
        _ema = new Smoother(period);
        _rsi = new RsiState(period);
        _atr = new AtrState(period);
        _returns = new RollingWindow(period);
    }

    public int Period { get; }

    /// <summary>Base bars per bar of this interval.</summary>
    public int Ratio { get; }

    public string Name => _interval.Name;

    public int CompletedBars { get; private set; }

    /// <summary>Every indicator has seen enough completed bars.</summary>
    public bool IsReady => _ema.IsReady && _rsi.IsReady && _atr.IsReady && _returns.IsFull;

    /// <summary>Log return of the latest completed bar against the one before it.</summary>
    public double LastReturn { get; private set; }

    /// <summary>log(high / low) of the latest completed bar.</summary>
    public double LastRange { get; private set; }

    public double LastClose => _previousClose;

    public double Ema => _ema.Value;

    public double Rsi => _rsi.Value;

    public double Atr => _atr.Value;

    /// <summary>Standard deviation of the completed bars' returns; recomputed only when a bar completes.</summary>
    public double ReturnStd { get; private set; }

    public void Add(in Candle bar)
    {
        // Bucket arithmetic on raw ticks, as Interval.Floor and Interval.IsAligned do.
        long ticks = bar.Timestamp.Ticks;
        long bucket = ticks - (ticks % _intervalTicks);
        if (_open && bucket != _bucket)
        {
            Complete();
        }

        if (!_open)
        {
            _bucket = bucket;
            _o = bar.Open;
            _h = bar.High;
            _l = bar.Low;
            _open = true;
        }
        else
        {
            _h = Math.Max(_h, bar.High);
            _l = Math.Min(_l, bar.Low);
        }

        _c = bar.Close;
        if ((ticks + _baseTicks) % _intervalTicks == 0)
        {
            Complete();
        }
    }

    private void Complete()
    {
        _open = false;
        if (CompletedBars > 0)
        {
            LastReturn = Math.Log(_c / _previousClose);
            _returns.Add(LastReturn);
            ReturnStd = _returns.Std(_returns.Count);
        }

        LastRange = Math.Log(_h / _l);
        _ema.Add(_c);
        _rsi.Add(_c);
        _atr.Add(_h, _l, _c);
        _previousClose = _c;
        CompletedBars++;
    }

    public void Reset()
    {
        _ema.Reset();
        _rsi.Reset();
        _atr.Reset();
        _returns.Reset();
        _open = false;
        _bucket = default;
        _o = _h = _l = _c = _previousClose = 0;
        LastReturn = LastRange = ReturnStd = 0;
        CompletedBars = 0;
    }

    public void CopyFrom(TimeframeState other)
    {
        _ema.CopyFrom(other._ema);
        _rsi.CopyFrom(other._rsi);
        _atr.CopyFrom(other._atr);
        _returns.CopyFrom(other._returns);
        _bucket = other._bucket;
        _open = other._open;
        (_o, _h, _l, _c, _previousClose) = (other._o, other._h, other._l, other._c, other._previousClose);
        LastReturn = other.LastReturn;
        LastRange = other.LastRange;
        ReturnStd = other.ReturnStd;
        CompletedBars = other.CompletedBars;
    }
}
