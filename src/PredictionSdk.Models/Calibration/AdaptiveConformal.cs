namespace PredictionSdk.Models.Calibration;

/// <summary>Coverage and width of intervals issued with online adaptation, as measured by <see cref="AdaptiveConformal.Replay"/>.</summary>
/// <param name="Samples">Outcomes scored.</param>
/// <param name="Coverage">Fraction of outcomes inside their adapted interval.</param>
/// <param name="MeanWidth">Mean adapted interval width (log return).</param>
/// <param name="FinalOffset">The offset after the last update, in units of interval width.</param>
public readonly record struct AdaptiveCoverage(int Samples, double Coverage, double MeanWidth, double FinalOffset);

/// <summary>
/// Online correction of split-conformal intervals by quantile tracking: every resolved outcome moves a widening
/// offset by <c>rate × (miss − α)</c>, where α = 1 − level. A miss widens the intervals, a hit narrows them a
/// little, so over any long run the share of misses converges to α whatever the drift between the calibration
/// window and today (Angelopoulos, Candès and Tibshirani, "Conformal PID Control for Time Series Prediction", 2023).
/// </summary>
/// <remarks>
/// Split conformal alone assumes the calibration window and the future are exchangeable; market volatility
/// regimes break that, so a fixed adjustment over- or under-covers for days. The offset is in units of the
/// interval's own width, so it composes with the model's volatility-aware band. Only outcomes already known are
/// used: an h-bar forecast updates the offset once its target bar has closed. Not thread-safe.
/// </remarks>
public sealed class AdaptiveConformal
{
    /// <summary>Default step size: a miss at 90 % widens by 4.5 % of the width, a hit narrows by 0.5 %.</summary>
    public const double DefaultRate = 0.05;

    // A shrinking offset of −½ collapses the interval onto its centre; below that it would invert.
    private const double MinOffset = -0.5;

    /// <summary>Creates a tracker for intervals of nominal coverage <paramref name="level"/>.</summary>
    /// <param name="level">Target coverage in (0, 1), e.g. 0.9.</param>
    /// <param name="rate">Step size per resolved outcome, in units of interval width; 0 turns adaptation off.</param>
    /// <param name="widthFloor">Smallest width the offset is scaled by (log return), so a collapsed interval can reopen.</param>
    public AdaptiveConformal(double level, double rate = DefaultRate, double widthFloor = 1e-6)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Coverage must be in (0, 1).");
        }

        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The adaptation rate must be in [0, 1).");
        }

        if (!(widthFloor > 0 && double.IsFinite(widthFloor)))
        {
            throw new ArgumentOutOfRangeException(nameof(widthFloor), widthFloor, "The width floor must be positive and finite.");
        }

        Level = level;
        Rate = rate;
        WidthFloor = widthFloor;
    }

    /// <summary>Target coverage.</summary>
    public double Level { get; }

    /// <summary>Step size per resolved outcome.</summary>
    public double Rate { get; }

    /// <summary>Smallest width the offset is scaled by.</summary>
    public double WidthFloor { get; }

    /// <summary>Current widening offset in units of interval width (negative narrows).</summary>
    public double Offset { get; private set; }

    /// <summary>Outcomes resolved so far.</summary>
    public long Resolved { get; private set; }

    /// <summary>Outcomes that fell outside their interval.</summary>
    public long Misses { get; private set; }

    /// <summary>Applies the current offset to an interval [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    public (double Lower, double Upper) Adapt(double lower, double upper)
    {
        if (lower > upper)
        {
            (lower, upper) = (upper, lower);
        }

        double shift = Offset * Math.Max(upper - lower, WidthFloor);
        double lo = lower - shift, hi = upper + shift;
        if (lo > hi)
        {
            lo = hi = (lower + upper) / 2;
        }

        return (lo, hi);
    }

    /// <summary>Feeds back whether an issued (adapted) interval covered its outcome.</summary>
    public void Update(bool covered)
    {
        Resolved++;
        Misses += covered ? 0 : 1;
        Offset = Math.Max(MinOffset, Offset + (Rate * ((covered ? 0.0 : 1.0) - (1 - Level))));
    }

    /// <summary>
    /// Replays a chronological run of forecasts as a live predictor would see it: interval i is adapted with
    /// what was known when it was issued (outcomes of forecasts i − <paramref name="delay"/> and older), then scored.
    /// </summary>
    /// <param name="lower">Static (calibrated) lower bounds, oldest first.</param>
    /// <param name="upper">Static upper bounds.</param>
    /// <param name="realized">Realised values; non-finite entries are neither scored nor fed back.</param>
    /// <param name="tracker">The tracker to run (its state carries over, so a run can continue another).</param>
    /// <param name="delay">Forecasts between issuing one and knowing its outcome: the horizon in bars.</param>
    public static AdaptiveCoverage Replay(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, ReadOnlySpan<double> realized, AdaptiveConformal tracker, int delay)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        if (lower.Length != upper.Length || lower.Length != realized.Length)
        {
            throw new ArgumentException($"Bounds and outcomes differ in length ({lower.Length}, {upper.Length}, {realized.Length}).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(delay, 1);
        int n = lower.Length;
        var issued = new (double Lo, double Hi)[n];
        int scored = 0, covered = 0;
        double width = 0;
        for (int i = 0; i < n; i++)
        {
            int known = i - delay;
            if (known >= 0 && double.IsFinite(realized[known]))
            {
                tracker.Update(Covers(issued[known], realized[known]));
            }

            issued[i] = tracker.Adapt(lower[i], upper[i]);
            if (double.IsFinite(realized[i]))
            {
                scored++;
                covered += Covers(issued[i], realized[i]) ? 1 : 0;
                width += issued[i].Hi - issued[i].Lo;
            }
        }

        return scored == 0
            ? new AdaptiveCoverage(0, double.NaN, double.NaN, tracker.Offset)
            : new AdaptiveCoverage(scored, (double)covered / scored, width / scored, tracker.Offset);
    }

    private static bool Covers((double Lo, double Hi) interval, double y) => y >= interval.Lo && y <= interval.Hi;
}
