using PredictionSdk.Models.Drift;
using PredictionSdk.Models.Outcomes;

namespace PredictionSdk.Models.Tests.Drift;

/// <summary>Seeded synthetic loss streams with a known change point, as the drift detectors see them live.</summary>
public static class Streams
{
    // Calm one-minute return scale and the 90 % z of the fixed interval fitted to it.
    private const double Z95 = 1.6448536269514722;

    public enum Kind
    {
        /// <summary>N(0.7, 0.2²): a log-loss-like level; the change adds shift·0.2.</summary>
        Gaussian,

        /// <summary>Interval misses (0/1) of a fixed 90 % interval when the return scale becomes factor × calm.</summary>
        Miss,

        /// <summary>Scaled pinball loss of the same fixed quantiles when the return scale becomes factor × calm.</summary>
        Pinball,
    }

    /// <summary>
    /// <paramref name="length"/> values; from <paramref name="changeAt"/> on, the Gaussian mean rises by
    /// <paramref name="change"/> standard deviations, or the return scale of the other kinds is multiplied by it.
    /// </summary>
    internal static double[] Make(Kind kind, int seed, int length, int changeAt = int.MaxValue, double change = 0)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int t = 0; t < length; t++)
        {
            bool after = t >= changeAt;
            double z = Normal(random);
            values[t] = kind switch
            {
                Kind.Gaussian => 0.7 + (0.2 * z) + (after ? change * 0.2 : 0),
                Kind.Miss => Math.Abs(z * (after ? change : 1)) > Z95 ? 1 : 0,
                _ => ScaledPinball(z * (after ? change : 1)),
            };
        }

        return values;
    }

    /// <summary>Feeds the values; returns the indices of alarms and their directions.</summary>
    internal static List<(int Index, ChangeDirection Direction)> Run(IDriftDetector detector, ReadOnlySpan<double> values)
    {
        var alarms = new List<(int, ChangeDirection)>();
        for (int t = 0; t < values.Length; t++)
        {
            var direction = detector.Update(values[t]);
            if (direction != ChangeDirection.None)
            {
                alarms.Add((t, direction));
            }
        }

        return alarms;
    }

    internal static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    // The loss OutcomeScorer reports for quantiles −z95, 0, +z95 (in calm units) and an outcome y (in calm units).
    private static double ScaledPinball(double y) =>
        (OutcomeScorer.Pinball(y, -Z95, 0.05) + OutcomeScorer.Pinball(y, 0, 0.5) + OutcomeScorer.Pinball(y, Z95, 0.95)) / 3 / (2 * Z95);
}
