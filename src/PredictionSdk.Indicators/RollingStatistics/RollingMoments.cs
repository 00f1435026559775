namespace PredictionSdk.Indicators;

/// <summary>Moments of the values in a <see cref="RollingStatistics"/> window.</summary>
/// <param name="Count">Values in the window.</param>
/// <param name="Mean">Arithmetic mean; NaN for an empty window or while a non-finite value is held.</param>
/// <param name="StdDev">Population standard deviation √(Σ(x − mean)² / n); exactly 0 for a flat window.</param>
/// <param name="Skewness">Population skewness m₃ / m₂^1.5 (mᵢ = Σ(x − mean)ⁱ / n); NaN when the window has no spread.</param>
public readonly record struct RollingMoments(int Count, double Mean, double StdDev, double Skewness)
{
    internal static RollingMoments From((double Mean, double M2, double M3) sums, int count)
    {
        if (count == 0)
        {
            return new RollingMoments(0, double.NaN, double.NaN, double.NaN);
        }

        double m2 = sums.M2 / count;
        double std = Math.Sqrt(m2);
        double skew = m2 > 0 ? sums.M3 / count / (m2 * std) : double.NaN;
        return new RollingMoments(count, sums.Mean, std, skew);
    }
}
