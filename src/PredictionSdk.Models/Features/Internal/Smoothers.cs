namespace PredictionSdk.Models.Features.Internal;

/// <summary>
/// Exponential moving average seeded with the simple mean of its first <c>period</c> values.
/// <c>alpha = 2 / (period + 1)</c> for the classic EMA, <c>1 / period</c> for Wilder's smoothing (RMA).
/// </summary>
internal sealed class Smoother
{
    private readonly double _alpha;
    private double _seedSum;

    public Smoother(int period, bool wilder = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _alpha = wilder ? 1.0 / period : 2.0 / (period + 1);
    }

    public int Period { get; }

    public int Count { get; private set; }

    public bool IsReady => Count >= Period;

    public double Value { get; private set; }

    public void Add(double x)
    {
        if (Count < Period)
        {
            _seedSum += x;
            Count++;
            Value = _seedSum / Count;
            return;
        }

        Value += _alpha * (x - Value);
        if (Count < int.MaxValue)
        {
            Count++;
        }
    }

    public void Reset()
    {
        _seedSum = 0;
        Count = 0;
        Value = 0;
    }

    public void CopyFrom(Smoother other)
    {
        _seedSum = other._seedSum;
        Count = other.Count;
        Value = other.Value;
    }
}

/// <summary>Wilder's RSI from closes.</summary>
internal sealed class RsiState
{
    private readonly Smoother _gain;
    private readonly Smoother _loss;
    private double _previous;
    private bool _hasPrevious;

    public RsiState(int period)
    {
        _gain = new Smoother(period, wilder: true);
        _loss = new Smoother(period, wilder: true);
    }

    public bool IsReady => _gain.IsReady;

    /// <summary>RSI in [0, 100]; 50 when there was no move at all.</summary>
    public double Value
    {
        get
        {
            double g = _gain.Value, l = _loss.Value;
            if (l <= 0)
            {
                return g <= 0 ? 50.0 : 100.0;
            }

            return 100.0 - (100.0 / (1.0 + (g / l)));
        }
    }

    public void Add(double close)
    {
        if (_hasPrevious)
        {
            double change = close - _previous;
            _gain.Add(change > 0 ? change : 0);
            _loss.Add(change < 0 ? -change : 0);
        }

        _previous = close;
        _hasPrevious = true;
    }

    public void Reset()
    {
        _gain.Reset();
        _loss.Reset();
        _previous = 0;
        _hasPrevious = false;
    }

    public void CopyFrom(RsiState other)
    {
        _gain.CopyFrom(other._gain);
        _loss.CopyFrom(other._loss);
        _previous = other._previous;
        _hasPrevious = other._hasPrevious;
    }
}

/// <summary>Average true range with Wilder's smoothing; the first bar's true range is its high − low.</summary>
internal sealed class AtrState
{
    private readonly Smoother _tr;
    private double _previousClose;
    private bool _hasPrevious;

    public AtrState(int period) => _tr = new Smoother(period, wilder: true);

    public bool IsReady => _tr.IsReady;

    public double Value => _tr.Value;

    public void Add(double high, double low, double close)
    {
        double tr = _hasPrevious
            ? Math.Max(high - low, Math.Max(Math.Abs(high - _previousClose), Math.Abs(low - _previousClose)))
            : high - low;
        _tr.Add(tr);
        _previousClose = close;
        _hasPrevious = true;
    }

    public void Reset()
    {
        _tr.Reset();
        _previousClose = 0;
        _hasPrevious = false;
    }

    public void CopyFrom(AtrState other)
    {
        _tr.CopyFrom(other._tr);
        _previousClose = other._previousClose;
        _hasPrevious = other._hasPrevious;
    }
}
