namespace PredictionSdk.Indicators;

/// <summary>
/// Wilder's Parabolic SAR, one bar at a time, with Stock.Indicators' start and reversal rules: the first bar
/// starts a guessed rising trend (SAR = its low, extreme point = its high) that is discarded, so values appear
/// only from the bar after the first reversal. A value type: a preview runs the same arithmetic on a copy.
/// </summary>
internal struct ParabolicSarState
{
    private readonly double _step;
    private readonly double _maxFactor;
    private readonly double _initialFactor;
    private int _index;
    private bool _isRising;
    private bool _guessDiscarded;
    private bool _producing;
    private double _factor;
    private double _extremePoint;
    private double _priorSar;
    private double _low1;  // low of the previous bar
    private double _low2;  // low of the bar before it
    private double _high1;
    private double _high2;

    public ParabolicSarState(double accelerationStep, double maxAccelerationFactor, double initialFactor)
    {
        _step = accelerationStep;
        _maxFactor = maxAccelerationFactor;
        _initialFactor = initialFactor;
        Clear();
    }

    /// <summary>True once a SAR has been produced (from the bar after the first reversal on).</summary>
    public readonly bool IsReady => _producing;

    /// <summary>Commits a bar and returns its SAR (NaN during the discarded first trend) and whether it reverses the trend.</summary>
    public (double Sar, bool IsReversal) Next(double high, double low) => Step(ref this, high, low);

    /// <summary>The SAR as if the bar were committed now; state is unchanged.</summary>
    public readonly (double Sar, bool IsReversal) Peek(double high, double low)
    {
        ParabolicSarState copy = this;
        return Step(ref copy, high, low);
    }

    /// <summary>Forgets every bar.</summary>
    public void Clear()
    {
        _index = 0;
        _isRising = true;
        _guessDiscarded = false;
        _producing = false;
        _factor = _initialFactor;
        _extremePoint = _priorSar = 0;
        _low1 = _low2 = _high1 = _high2 = 0;
    }

    private static (double Sar, bool IsReversal) Step(ref ParabolicSarState s, double high, double low)
    {
        int i = s._index++;
        if (i == 0)
        {
            s._extremePoint = high;
            s._priorSar = low;
            s.Shift(high, low);
            return (double.NaN, false);
        }

        double sar;
        bool reversal;
        if (s._isRising)
        {
            sar = s._priorSar + (s._factor * (s._extremePoint - s._priorSar));
            if (i >= 2)
            {
                sar = Math.Min(sar, Math.Min(s._low1, s._low2)); // never above the last two lows
            }

            reversal = low < sar;
            if (reversal)
            {
                sar = s._extremePoint;
                s._isRising = false;
                s._factor = s._initialFactor;
                s._extremePoint = low;
            }
            else if (high > s._extremePoint)
            {
                s._extremePoint = high;
                s._factor = Math.Min(s._factor + s._step, s._maxFactor);
            }
        }
        else
        {
            sar = s._priorSar - (s._factor * (s._priorSar - s._extremePoint));
            if (i >= 2)
            {
                sar = Math.Max(sar, Math.Max(s._high1, s._high2)); // never below the last two highs
            }

            reversal = high > sar;
            if (reversal)
            {
                sar = s._extremePoint;
                s._isRising = true;
                s._factor = s._initialFactor;
                s._extremePoint = high;
            }
            else if (low < s._extremePoint)
            {
                s._extremePoint = low;
                s._factor = Math.Min(s._factor + s._step, s._maxFactor);
            }
        }

        s._priorSar = sar;
        s.Shift(high, low);

        // The first trend is a guess: it and its reversal bar are not reported.
        if (!s._guessDiscarded)
        {
            s._guessDiscarded = reversal;
            return (double.NaN, false);
        }

        s._producing = true;
        return (sar, reversal);
    }

    private void Shift(double high, double low)
    {
        _low2 = _low1;
        _low1 = low;
        _high2 = _high1;
        _high1 = high;
    }
}
