namespace PredictionSdk.Models.Calibration;

/// <summary>
/// The one predictive distribution of a forward log return that a prediction is read from. It is fixed by three
/// calibrated facts: the interval [<see cref="Lower"/>, <see cref="Upper"/>] holds its quantiles at (1 − c)/2 and
/// (1 + c)/2 for coverage c, and its CDF at zero is 1 − <see cref="UpProbability"/>; between them the quantile function
/// is linear. <see cref="Median"/>, <see cref="Direction"/> and <see cref="Confidence"/> are read off that same
/// quantile function, so the point forecast lies above zero exactly when an up move is more likely, moves continuously
/// with the direction probability and the interval, and always lies inside the interval.
/// </summary>
/// <remarks>
/// The model's separate quantile and direction heads can disagree (a negative median return with P(up) &gt; ½). Before,
/// the point forecast was clamped to "no change" then; here the direction probability places the distribution's zero
/// crossing and the interval its spread, and the median follows from both.
/// </remarks>
public readonly record struct PredictiveDistribution
{
    private PredictiveDistribution(double lower, double upper, double level, double upProbability)
    {
        Lower = lower;
        Upper = upper;
        Level = level;
        UpProbability = upProbability;
    }

    /// <summary>Quantile of the forward log return at (1 − <see cref="Level"/>)/2.</summary>
    public double Lower { get; }

    /// <summary>Quantile of the forward log return at (1 + <see cref="Level"/>)/2.</summary>
    public double Upper { get; }

    /// <summary>Nominal coverage of [<see cref="Lower"/>, <see cref="Upper"/>].</summary>
    public double Level { get; }

    /// <summary>P(return &gt; 0) = 1 − F(0).</summary>
    public double UpProbability { get; }

    /// <summary>Probability level of <see cref="Lower"/>.</summary>
    public double LowerLevel => (1 - Level) / 2;

    /// <summary>Probability level of <see cref="Upper"/>.</summary>
    public double UpperLevel => (1 + Level) / 2;

    /// <summary>The median forward log return, Q(½).</summary>
    public double Median => Quantile(0.5);

    /// <summary>Up when <see cref="Median"/> is positive, down when negative, flat when zero.</summary>
    public Direction Direction => Median > 0 ? Direction.Up : Median < 0 ? Direction.Down : Direction.Flat;

    /// <summary>
    /// Probability that <see cref="Direction"/> is right: <see cref="UpProbability"/> for up, its complement for down
    /// (the larger of the two for flat, which only a zero-width or zero-touching interval produces).
    /// </summary>
    public double Confidence => Direction switch
    {
        Direction.Up => UpProbability,
        Direction.Down => 1 - UpProbability,
        _ => Math.Max(UpProbability, 1 - UpProbability),
    };

    /// <summary>
    /// Builds the distribution from an interval of the forward log return and the probability of an up move.
    /// </summary>
    /// <param name="lower">Lower bound of the interval (log return).</param>
    /// <param name="upper">Upper bound of the interval (log return).</param>
    /// <param name="level">Coverage of the interval, in (0, 1).</param>
    /// <param name="upProbability">Calibrated probability that the return is positive.</param>
    /// <remarks>
    /// Where the inputs cannot both hold they are reconciled toward the interval: the zero crossing 1 − p is kept
    /// inside the interval's probability levels (so confidence is at most (1 + c)/2, 0.95 at 90 %), and an interval
    /// that lies wholly on one side of zero is widened to touch it (coverage can only grow).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite input, or a level outside (0, 1).</exception>
    public static PredictiveDistribution From(double lower, double upper, double level, double upProbability)
    {
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || !double.IsFinite(upProbability))
        {
            throw new ArgumentOutOfRangeException(nameof(lower), $"The distribution needs finite inputs (lower {lower}, upper {upper}, P(up) {upProbability}).");
        }

        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The interval's coverage must lie in (0, 1).");
        }

        double lo = Math.Min(Math.Min(lower, upper), 0);
        double hi = Math.Max(Math.Max(lower, upper), 0);
        double aLo = (1 - level) / 2, aHi = (1 + level) / 2;
        double zeroAt = Math.Clamp(1 - Math.Clamp(upProbability, 0, 1), aLo, aHi);
        return new PredictiveDistribution(lo, hi, level, 1 - zeroAt);
    }

    /// <summary>
    /// The quantile function at <paramref name="probability"/> within [<see cref="LowerLevel"/>, <see cref="UpperLevel"/>]
    /// (clamped into that range): piecewise linear through (<see cref="LowerLevel"/>, <see cref="Lower"/>),
    /// (1 − <see cref="UpProbability"/>, 0) and (<see cref="UpperLevel"/>, <see cref="Upper"/>).
    /// </summary>
    public double Quantile(double probability)
    {
        double a = Math.Clamp(probability, LowerLevel, UpperLevel);
        double zeroAt = 1 - UpProbability;
        if (a > zeroAt)
        {
            return UpperLevel == zeroAt ? 0 : Upper * (a - zeroAt) / (UpperLevel - zeroAt);
        }

        if (a < zeroAt)
        {
            return LowerLevel == zeroAt ? 0 : Lower * (zeroAt - a) / (zeroAt - LowerLevel);
        }

        return 0;
    }
}
