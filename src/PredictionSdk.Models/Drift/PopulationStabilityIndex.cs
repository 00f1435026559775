namespace PredictionSdk.Models.Drift;

/// <summary>
/// The population stability index of a distribution against a reference: PSI = Σᵢ (aᵢ − eᵢ)·ln(aᵢ / eᵢ) over bins,
/// where eᵢ and aᵢ are the reference's and the current sample's share of bin i. It is the symmetrised
/// Kullback–Leibler divergence of the binned distributions. Common reading: below 0.1 stable, 0.1–0.25 a moderate
/// shift, above 0.25 a significant one.
/// </summary>
public static class PopulationStabilityIndex
{
    /// <summary>Pseudo-count added to every bin of both distributions, so that an empty bin gives a finite index.</summary>
    public const double PseudoCount = 0.5;

    /// <summary>
    /// Interior bin edges at the reference's quantiles 1/b, 2/b … (b − 1)/b, duplicates removed, so that each bin
    /// holds about the same share of the reference. A value v falls in bin i when edges[i − 1] &lt; v ≤ edges[i]; the
    /// last bin holds values above the last edge (for a reference with few distinct values, also values above its maximum).
    /// </summary>
    /// <exception cref="ArgumentException">The reference is empty or holds a non-finite value, or <paramref name="bins"/> is below 2.</exception>
    public static double[] QuantileEdges(ReadOnlySpan<double> reference, int bins = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        if (reference.IsEmpty)
        {
            throw new ArgumentException("The reference sample is empty.", nameof(reference));
        }

        var sorted = reference.ToArray();
        foreach (double v in sorted)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"The reference sample holds a non-finite value ({v}).", nameof(reference));
            }
        }

        Array.Sort(sorted);
        var edges = new List<double>(bins - 1);
        for (int i = 1; i < bins; i++)
        {
            // Lower empirical quantile: the value at rank ⌈n·i/b⌉.
            int rank = (int)Math.Ceiling((double)sorted.Length * i / bins) - 1;
            double edge = sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return [.. edges];
    }

    /// <summary>The bin of <paramref name="value"/> for interior <paramref name="edges"/> (0 … edges.Length).</summary>
    public static int BinOf(ReadOnlySpan<double> edges, double value)
    {
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (value <= edges[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>The index from bin counts of the reference and of the current sample (same bins), with <see cref="PseudoCount"/> added to every bin.</summary>
    /// <exception cref="ArgumentException">The two count arrays differ in length or are empty.</exception>
    public static double FromCounts(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        if (reference.Length != current.Length || reference.IsEmpty)
        {
            throw new ArgumentException($"Bin counts differ in length or are empty ({reference.Length}, {current.Length}).", nameof(current));
        }

        double referenceTotal = 0, currentTotal = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            referenceTotal += reference[i];
            currentTotal += current[i];
        }

        double smoothing = PseudoCount * reference.Length;
        double psi = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double e = (reference[i] + PseudoCount) / (referenceTotal + smoothing);
            double a = (current[i] + PseudoCount) / (currentTotal + smoothing);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>The index of <paramref name="current"/> against <paramref name="reference"/>, binned at the reference's quantiles.</summary>
    /// <exception cref="ArgumentException">Either sample is empty or holds a non-finite value.</exception>
    public static double Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int bins = 10)
    {
        if (current.IsEmpty)
        {
            throw new ArgumentException("The current sample is empty.", nameof(current));
        }

        double[] edges = QuantileEdges(reference, bins);
        var referenceCounts = new long[edges.Length + 1];
        var currentCounts = new long[edges.Length + 1];
        foreach (double v in reference)
        {
            referenceCounts[BinOf(edges, v)]++;
        }

        foreach (double v in current)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"The current sample holds a non-finite value ({v}).", nameof(current));
            }

            currentCounts[BinOf(edges, v)]++;
        }

        return FromCounts(referenceCounts, currentCounts);
    }
}
