namespace PredictionSdk.Models.Calibration;

/// <summary>Split-conformal arithmetic: the finite-sample conformal quantile of calibration scores.</summary>
public static class SplitConformal
{
    /// <summary>
    /// The ⌈(n + 1)(1 − α)⌉-th smallest of <paramref name="scores"/>: adding it to a nonconformity threshold gives
    /// coverage of at least <paramref name="coverage"/> = 1 − α on exchangeable data. Returns +∞ when n is too small
    /// for that coverage.
    /// </summary>
    public static double Quantile(ReadOnlySpan<double> scores, double coverage)
    {
        if (!(coverage > 0 && coverage < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(coverage), coverage, "Coverage must be in (0, 1).");
        }

        if (scores.IsEmpty)
        {
            throw new ArgumentException("Conformal calibration needs at least one score.", nameof(scores));
        }

        int n = scores.Length;
        int rank = (int)Math.Ceiling((n + 1) * coverage);
        if (rank > n)
        {
            return double.PositiveInfinity;
        }

        var sorted = scores.ToArray();
        foreach (double s in sorted)
        {
            if (double.IsNaN(s))
            {
                throw new ArgumentException("Conformal scores must not be NaN.", nameof(scores));
            }
        }

        Array.Sort(sorted);
        return sorted[rank - 1];
    }

    /// <summary>
    /// Conformalized-quantile-regression score of one outcome, normalised by the band width:
    /// <c>max(lower − y, y − upper) / max(upper − lower, floor)</c>. Negative inside the band.
    /// </summary>
    public static double NormalizedScore(double lower, double upper, double outcome, double widthFloor) =>
        Math.Max(lower - outcome, outcome - upper) / Math.Max(upper - lower, widthFloor);
}
