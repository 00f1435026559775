using PredictionSdk;
using PredictionSdk.Models.Outcomes;

namespace PredictionSdk.AdaptiveReport;

/// <summary>A synthetic stream: what a drift detector is fed at each bar, with a change at a known bar (or none).</summary>
internal abstract class Series(string family, string change)
{
    public string Family { get; } = family;

    /// <summary>The change, e.g. "+0.5σ" or "σ×2"; "none" for a stationary stream.</summary>
    public string Change { get; } = change;

    /// <summary>The value at bar <paramref name="t"/>; <paramref name="changed"/> says whether the bar is after the change point.</summary>
    public abstract double Next(Random random, bool changed);

    public static double Gaussian(Random random)
    {
        // Box–Muller; 1 − U avoids log(0).
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>A loss-like Gaussian stream N(0.7, 0.2²) whose mean rises by <c>shift</c> standard deviations.</summary>
internal sealed class MeanShift(double shiftInSigmas)
    : Series("mean shift, N(0.7, 0.2²)", shiftInSigmas == 0 ? "none" : FormattableString.Invariant($"+{shiftInSigmas}σ"))
{
    private const double Mean = 0.7, Sigma = 0.2;

    public override double Next(Random random, bool changed) => Mean + (changed ? shiftInSigmas * Sigma : 0) + (Sigma * Gaussian(random));
}

/// <summary>
/// One-minute log returns N(0, s²) with s = 10 bp, then s × <c>factor</c>, scored against a fixed central 90 % interval
/// and median fitted to the calm regime, through <see cref="OutcomeScorer"/>: the detector sees what a live model
/// whose intervals do not adapt would emit. <c>signal</c> picks the scaled pinball loss or the interval miss.
/// </summary>
internal sealed class VarianceShift : Series
{
    private const double Calm = 0.001, Z95 = 1.6448536269514722, Price = 100;
    private readonly double _factor;
    private readonly bool _misses;
    private readonly Prediction _forecast;

    public VarianceShift(double factor, bool misses)
        : base(misses ? "variance shift → interval miss (0/1)" : "variance shift → scaled pinball loss", factor == 1 ? "none" : FormattableString.Invariant($"σ×{factor}"))
    {
        _factor = factor;
        _misses = misses;
        var time = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        _forecast = new Prediction
        {
            Symbol = Symbol.Parse("BTC-USD"),
            Timestamp = time,
            TargetTime = time.AddMinutes(2),
            Horizon = 1,
            Interval = Interval.OneMinute,
            CurrentPrice = Price,
            PredictedPrice = Price,
            Direction = Direction.Up,
            Confidence = 0.5,
            Lower = Price * Math.Exp(-Z95 * Calm),
            Upper = Price * Math.Exp(Z95 * Calm),
            IntervalCoverage = 0.9,
        };
    }

    public override double Next(Random random, bool changed)
    {
        double r = Gaussian(random) * Calm * (changed ? _factor : 1);
        var outcome = OutcomeScorer.Score(_forecast, Price * Math.Exp(r));
        return _misses ? (outcome.IntervalMiss ? 1 : 0) : outcome.ScaledPinballLoss;
    }
}
