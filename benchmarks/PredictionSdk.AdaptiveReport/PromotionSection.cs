using System.Globalization;
using System.Text;
using PredictionSdk.Models.Promotion;

namespace PredictionSdk.AdaptiveReport;

/// <summary>
/// How often the promotion rule promotes a challenger, for equal and for better challengers, on simulated per-minute
/// log losses whose differentials are autocorrelated; beside the same test with no autocorrelation correction.
/// </summary>
internal static class PromotionSection
{
    public static void Write(StringBuilder report, int runs, int seed)
    {
        report.AppendLine("## Promotion rule: how often it promotes");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{runs} runs per cell (seeds {seed} …). Per minute, both models' log losses share a market term 0.69 + 0.1·z (hard minutes are hard for both); the challenger's differs from the champion's by its mean advantage plus 0.03·e_t, where e_t is AR(1) with coefficient φ and unit variance. Each cell is the share of runs the rule (default settings: one-sided Diebold–Mariano at α = 0.05 with the Newey–West variance) promotes; \"lag 0\" is the same test assuming uncorrelated differentials.");
        report.AppendLine();
        report.AppendLine("| paired minutes | φ | challenger better by (nats) | promoted (Newey–West) | promoted (lag 0) |");
        report.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (int n in new[] { 1_440, 4_320 })
        {
            foreach (double phi in new[] { 0.0, 0.5, 0.8 })
            {
                foreach (double edge in new[] { 0.0, 0.001, 0.002, 0.005 })
                {
                    var (hac, naive) = Rates(n, phi, edge, runs, seed);
                    report.AppendLine(CultureInfo.InvariantCulture, $"| {n:N0} | {phi} | {edge} | {hac:P1} | {naive:P1} |");
                }
            }
        }

        report.AppendLine();
    }

    private static (double Hac, double Naive) Rates(int n, double phi, double edge, int runs, int seed)
    {
        var rules = new ChampionChallenger();
        var naiveRules = new ChampionChallenger(new ChampionChallengerOptions { Lag = 0 });
        var champion = new double[n];
        var challenger = new double[n];
        int hac = 0, naive = 0;
        double scale = Math.Sqrt(1 - (phi * phi));
        for (int run = 0; run < runs; run++)
        {
            var random = new Random(seed + run);
            double e = Series.Gaussian(random);
            for (int t = 0; t < n; t++)
            {
                e = (phi * e) + (scale * Series.Gaussian(random));
                champion[t] = 0.69 + (0.1 * Series.Gaussian(random));
                challenger[t] = champion[t] - edge + (0.03 * e);
            }

            hac += rules.EvaluatePromotion("X", 1, "champion", "challenger", champion, challenger).Outcome == DecisionOutcome.Promote ? 1 : 0;
            naive += naiveRules.EvaluatePromotion("X", 1, "champion", "challenger", champion, challenger).Outcome == DecisionOutcome.Promote ? 1 : 0;
        }

        return ((double)hac / runs, (double)naive / runs);
    }
}
