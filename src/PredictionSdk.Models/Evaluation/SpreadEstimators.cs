namespace PredictionSdk.Models.Evaluation;

/// <summary>
/// Effective bid-ask spread estimated from bars alone, as a fraction of the price, so an evaluation can tell a
/// tradeable move from the close bouncing between bid and ask. Both estimators are causal: the value at bar t uses
/// bars up to t, averaged over the last <c>window</c> two-bar estimates.
/// </summary>
/// <remarks>
/// <para>
/// Corwin, S. A. and Schultz, P. (2012), "A Simple Way to Estimate Bid-Ask Spreads from Daily High and Low Prices",
/// Journal of Finance 67(2), 719–760. For two consecutive bars:
/// β = ln(H₁/L₁)² + ln(H₂/L₂)², γ = ln(max(H₁,H₂)/min(L₁,L₂))²,
/// α = (√(2β) − √β)/(3 − 2√2) − √(γ/(3 − 2√2)), S = 2(e^α − 1)/(1 + e^α); negative two-bar estimates are set to 0
/// before averaging, as in the paper.
/// </para>
/// <para>
/// Abdi, F. and Ranaldo, A. (2017), "A Simple Estimation of Bid-Ask Spreads from Daily Close, High, and Low Prices",
/// Review of Financial Studies 30(12), 4437–4480. With η = (ln H + ln L)/2 the bar's mid-range and c = ln C:
/// S² = 4 · E[(c₁ − η₁)(c₁ − η₂)]; the mean of the window's products is floored at 0 before the square root.
/// </para>
/// </remarks>
public static class SpreadEstimators
{
    private static readonly double ThreeMinusTwoRootTwo = 3 - (2 * Math.Sqrt(2));

    /// <summary>The Corwin–Schultz spread of bar t from bars t−1 and t (may be negative; callers floor it at 0).</summary>
    public static double CorwinSchultzPair(in Candle previous, in Candle current)
    {
        double a = Math.Log(previous.High / previous.Low), b = Math.Log(current.High / current.Low);
        double beta = (a * a) + (b * b);
        double joint = Math.Log(Math.Max(previous.High, current.High) / Math.Min(previous.Low, current.Low));
        double gamma = joint * joint;
        double alpha = ((Math.Sqrt(2 * beta) - Math.Sqrt(beta)) / ThreeMinusTwoRootTwo) - Math.Sqrt(gamma / ThreeMinusTwoRootTwo);
        double e = Math.Exp(alpha);
        return 2 * (e - 1) / (1 + e);
    }

    /// <summary>The Abdi–Ranaldo product 4 (c₁ − η₁)(c₁ − η₂) of bars t−1 and t, whose mean is the squared spread.</summary>
    public static double AbdiRanaldoProduct(in Candle previous, in Candle current)
    {
        double c = Math.Log(previous.Close);
        double eta1 = (Math.Log(previous.High) + Math.Log(previous.Low)) / 2;
        double eta2 = (Math.Log(current.High) + Math.Log(current.Low)) / 2;
        return 4 * (c - eta1) * (c - eta2);
    }

    /// <summary>Rolling Corwin–Schultz spread per bar: the mean of the last <paramref name="window"/> two-bar estimates floored at 0; NaN before the first pair.</summary>
    public static double[] CorwinSchultz(IReadOnlyList<Candle> candles, int window = 60) =>
        Rolling(candles, window, (p, c) => Math.Max(0, CorwinSchultzPair(p, c)), mean => mean);

    /// <summary>Rolling Abdi–Ranaldo spread per bar: √max(0, mean of the last <paramref name="window"/> products); NaN before the first pair.</summary>
    public static double[] AbdiRanaldo(IReadOnlyList<Candle> candles, int window = 60) =>
        Rolling(candles, window, (p, c) => AbdiRanaldoProduct(p, c), mean => Math.Sqrt(Math.Max(0, mean)));

    /// <summary>Per bar, the larger of the two estimates: the spread a move has to beat to be more than bounce.</summary>
    public static double[] Conservative(IReadOnlyList<Candle> candles, int window = 60)
    {
        var cs = CorwinSchultz(candles, window);
        var ar = AbdiRanaldo(candles, window);
        var result = new double[cs.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Math.Max(cs[i], ar[i]);
        }

        return result;
    }

    private static double[] Rolling(IReadOnlyList<Candle> candles, int window, Func<Candle, Candle, double> pair, Func<double, double> finish)
    {
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new double[candles.Count];
        var values = new double[candles.Count];
        double sum = 0;
        if (result.Length > 0)
        {
            result[0] = double.NaN;
        }

        for (int i = 1; i < candles.Count; i++)
        {
            values[i] = pair(candles[i - 1], candles[i]);
            sum += values[i];
            if (i > window)
            {
                sum -= values[i - window];
            }

            result[i] = finish(sum / Math.Min(i, window));
        }

        return result;
    }
}
