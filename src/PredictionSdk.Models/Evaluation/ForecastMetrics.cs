namespace PredictionSdk.Models.Evaluation;

/// <summary>The statistics behind the evaluation report, usable on their own.</summary>
public static class ForecastMetrics
{
    /// <summary>z for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Wilson score interval for a binomial proportion.</summary>
    public static (double Low, double High) WilsonInterval(int successes, int trials, double z = Z95)
    {
        if (trials <= 0)
        {
            return (double.NaN, double.NaN);
        }

        double n = trials, p = successes / n, z2 = z * z;
        double denominator = 1 + (z2 / n);
        double centre = (p + (z2 / (2 * n))) / denominator;
        double half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;
        return (centre - half, centre + half);
    }

    /// <summary>
    /// Exact two-sided binomial test against a fair coin: the probability, under p = 0.5, of an outcome
    /// at least as far from n/2 as <paramref name="successes"/>.
    /// </summary>
    public static double BinomialTwoSidedPValue(int successes, int trials)
    {
        if (trials <= 0)
        {
            return double.NaN;
        }

        int extreme = Math.Max(successes, trials - successes);
        if (2 * extreme == trials)
        {
            return 1.0;
        }

        // P(X >= extreme) summed in log space from the largest term down, to stay exact for large n.
        double logHalfN = trials * Math.Log(0.5);
        double logTerm = LogChoose(trials, extreme) + logHalfN;
        double tail = 0;
        for (int k = extreme; k <= trials; k++)
        {
            tail += Math.Exp(logTerm);
            logTerm += Math.Log((double)(trials - k) / (k + 1));
        }

        return Math.Min(1.0, 2 * tail);
    }

    /// <summary>Mean squared error of probabilities against 0/1 outcomes.</summary>
    public static double Brier(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> outcomes)
    {
        if (probabilities.Length == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double d = probabilities[i] - (outcomes[i] ? 1 : 0);
            sum += d * d;
        }

        return sum / probabilities.Length;
    }

    /// <summary>Mean negative log-likelihood (natural log), probabilities clipped to [1e−6, 1 − 1e−6].</summary>
    public static double LogLoss(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> outcomes)
    {
        if (probabilities.Length == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double p = Math.Clamp(probabilities[i], 1e-6, 1 - 1e-6);
            sum -= outcomes[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / probabilities.Length;
    }

    /// <summary>Annualised Sharpe ratio: mean / sample standard deviation × √periods-per-year (0 when there is no variation).</summary>
    public static double Sharpe(ReadOnlySpan<double> periodReturns, double periodsPerYear)
    {
        int n = periodReturns.Length;
        if (n < 2)
        {
            return double.NaN;
        }

        double mean = 0;
        foreach (double r in periodReturns)
        {
            mean += r;
        }

        mean /= n;
        double ss = 0;
        foreach (double r in periodReturns)
        {
            ss += (r - mean) * (r - mean);
        }

        double std = Math.Sqrt(ss / (n - 1));
        return std > 0 ? mean / std * Math.Sqrt(periodsPerYear) : 0;
    }

    /// <summary>Largest peak-to-trough fall of the equity curve exp(Σ log returns), as a fraction of the peak.</summary>
    public static double MaxDrawdown(ReadOnlySpan<double> logReturns)
    {
        double cumulative = 0, peak = 0, worst = 0;
        foreach (double r in logReturns)
        {
            cumulative += r;
            peak = Math.Max(peak, cumulative);
            worst = Math.Max(worst, peak - cumulative);
        }

        return 1 - Math.Exp(-worst);
    }

    /// <summary>1 − SSE / SST of forecasts against outcomes, SST taken around the outcomes' own mean.</summary>
    public static double RSquared(ReadOnlySpan<double> forecasts, ReadOnlySpan<double> outcomes)
    {
        int n = outcomes.Length;
        if (n < 2)
        {
            return double.NaN;
        }

        double mean = 0;
        foreach (double y in outcomes)
        {
            mean += y;
        }

        mean /= n;
        double sse = 0, sst = 0;
        for (int i = 0; i < n; i++)
        {
            sse += (outcomes[i] - forecasts[i]) * (outcomes[i] - forecasts[i]);
            sst += (outcomes[i] - mean) * (outcomes[i] - mean);
        }

        return sst > 0 ? 1 - (sse / sst) : double.NaN;
    }

    private static double LogChoose(int n, int k)
    {
        k = Math.Min(k, n - k);
        double sum = 0;
        for (int i = 1; i <= k; i++)
        {
            sum += Math.Log((double)(n - k + i) / i);
        }

        return sum;
    }
}
