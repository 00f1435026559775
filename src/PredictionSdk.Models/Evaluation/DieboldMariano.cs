namespace PredictionSdk.Models.Evaluation;

/// <summary>The result of a <see cref="DieboldMariano"/> test of two forecasters' paired losses.</summary>
/// <param name="Samples">Pairs used (pairs where either loss is not finite are skipped).</param>
/// <param name="MeanLossA">Mean loss of the first forecaster.</param>
/// <param name="MeanLossB">Mean loss of the second forecaster.</param>
/// <param name="MeanDifferential">d̄ = mean of (loss A − loss B); positive when B did better.</param>
/// <param name="LongRunVariance">The Newey–West (Bartlett kernel) estimate of the long-run variance of d.</param>
/// <param name="Lag">Autocovariance lags in the estimate.</param>
/// <param name="Statistic">DM = d̄ / √(long-run variance / n), asymptotically N(0, 1) when the two are equally good.</param>
/// <param name="PValueBBetter">One-sided p-value of "B has the lower expected loss": 1 − Φ(DM).</param>
/// <param name="PValueTwoSided">Two-sided p-value: 2·(1 − Φ(|DM|)).</param>
public readonly record struct DieboldMarianoResult(int Samples, double MeanLossA, double MeanLossB, double MeanDifferential, double LongRunVariance, int Lag, double Statistic, double PValueBBetter, double PValueTwoSided);

/// <summary>
/// The Diebold–Mariano test (Diebold and Mariano, "Comparing Predictive Accuracy", 1995) of equal predictive
/// accuracy on paired losses, with the long-run variance of the loss differential estimated by Newey and West
/// (1987): γ̂₀ + 2·Σ_{k=1..L} (1 − k/(L+1))·γ̂_k, which stays positive and allows for the autocorrelation that
/// overlapping h-step forecasts and volatility clustering give the differentials. The number of lags L is chosen
/// from the data (<see cref="AutomaticLag"/>) unless given.
/// </summary>
public static class DieboldMariano
{
    // erfc(x) ≈ t·exp(−x² + Σ cᵢ·tⁱ) with t = 1 / (1 + x/2).
    private static readonly double[] ErfcCoefficients =
        [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];

    /// <summary>
    /// The lag chosen from the data: Andrews' (1991) AR(1) plug-in bandwidth for the Bartlett kernel,
    /// L = ⌈1.1447·(α̂·n)^(1/3)⌉ with α̂ = 4ρ̂² / ((1 − ρ̂)²·(1 + ρ̂)²) and ρ̂ the lag-1 autocorrelation of the
    /// differentials (clamped to ±0.97), and at least the h − 1 lags an h-step forecast's overlapping errors need.
    /// Persistent differentials get many lags, uncorrelated ones few.
    /// </summary>
    /// <param name="differentials">The loss differentials, in time order (non-finite values are not expected here).</param>
    /// <param name="horizon">Forecast horizon in bars.</param>
    public static int AutomaticLag(ReadOnlySpan<double> differentials, int horizon = 1)
    {
        int n = differentials.Length;
        int floor = Math.Max(horizon - 1, 0);
        if (n < 3)
        {
            return Math.Min(floor, Math.Max(n - 1, 0));
        }

        double mean = 0;
        foreach (double d in differentials)
        {
            mean += d;
        }

        mean /= n;
        double gamma0 = Autocovariance(differentials, mean, 0);
        double rho = gamma0 > 0 ? Math.Clamp(Autocovariance(differentials, mean, 1) / gamma0, -0.97, 0.97) : 0;
        double alpha = 4 * rho * rho / ((1 - rho) * (1 - rho) * (1 + rho) * (1 + rho));
        int lag = (int)Math.Ceiling(1.1447 * Math.Cbrt(alpha * n));
        return Math.Min(Math.Max(lag, floor), n - 1);
    }

    /// <summary>Tests whether forecaster B's losses are lower than A's on the same targets.</summary>
    /// <param name="lossesA">Losses of A (e.g. the champion), in time order.</param>
    /// <param name="lossesB">Losses of B (e.g. the challenger) on the same targets.</param>
    /// <param name="horizon">Forecast horizon in bars (sets the smallest lag).</param>
    /// <param name="lag">Lags to use; default <see cref="AutomaticLag"/>.</param>
    /// <exception cref="ArgumentException">The two series differ in length.</exception>
    public static DieboldMarianoResult Test(ReadOnlySpan<double> lossesA, ReadOnlySpan<double> lossesB, int horizon = 1, int? lag = null)
    {
        if (lossesA.Length != lossesB.Length)
        {
            throw new ArgumentException($"Paired losses differ in length ({lossesA.Length} and {lossesB.Length}).", nameof(lossesB));
        }

        var d = new double[lossesA.Length];
        int n = 0;
        double sumA = 0, sumB = 0;
        for (int i = 0; i < lossesA.Length; i++)
        {
            if (double.IsFinite(lossesA[i]) && double.IsFinite(lossesB[i]))
            {
                d[n++] = lossesA[i] - lossesB[i];
                sumA += lossesA[i];
                sumB += lossesB[i];
            }
        }

        int lags = Math.Clamp(lag ?? AutomaticLag(d.AsSpan(0, n), horizon), 0, Math.Max(n - 1, 0));
        if (n < 2)
        {
            return new DieboldMarianoResult(n, n == 0 ? double.NaN : sumA, n == 0 ? double.NaN : sumB, n == 0 ? double.NaN : d[0], double.NaN, lags, double.NaN, double.NaN, double.NaN);
        }

        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += d[i];
        }

        mean /= n;
        double variance = Autocovariance(d.AsSpan(0, n), mean, 0);
        for (int k = 1; k <= lags; k++)
        {
            variance += 2 * (1 - (k / (lags + 1.0))) * Autocovariance(d.AsSpan(0, n), mean, k);
        }

        double statistic = variance > 0 ? mean / Math.Sqrt(variance / n) : mean == 0 ? 0 : Math.CopySign(double.PositiveInfinity, mean);
        return new DieboldMarianoResult(n, sumA / n, sumB / n, mean, variance, lags, statistic, 1 - NormalCdf(statistic), 2 * (1 - NormalCdf(Math.Abs(statistic))));
    }

    /// <summary>
    /// Φ(z), the standard normal distribution function, through the complementary error function's Chebyshev fit
    /// (Press et al., Numerical Recipes, §6.2; relative error below 1.2·10⁻⁷).
    /// </summary>
    public static double NormalCdf(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }

        double x = Math.Abs(z) / Math.Sqrt(2);
        double t = 1 / (1 + (0.5 * x));
        double poly = 0;
        for (int i = ErfcCoefficients.Length - 1; i >= 0; i--)
        {
            poly = (poly * t) + ErfcCoefficients[i];
        }

        double erfc = t * Math.Exp((-x * x) + poly);
        return z >= 0 ? 1 - (erfc / 2) : erfc / 2;
    }

    private static double Autocovariance(ReadOnlySpan<double> d, double mean, int lag)
    {
        double sum = 0;
        for (int t = lag; t < d.Length; t++)
        {
            sum += (d[t] - mean) * (d[t - lag] - mean);
        }

        return sum / d.Length;
    }
}
