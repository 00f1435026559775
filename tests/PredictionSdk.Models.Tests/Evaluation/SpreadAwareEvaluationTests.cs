using PredictionSdk.Models.Baselines;
using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Evaluation;

public class SpreadAwareEvaluationTests
{
    private static readonly FeatureSpec Spec = new() { WindowLength = 4, Horizons = [1, 5], MultiScaleIntervals = [] };
    private static readonly DateTime T0 = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Corwin_schultz_and_abdi_ranaldo_follow_the_papers_formulas()
    {
        var a = new Candle(T0, 100, 101, 99, 100.5, 1);
        var b = new Candle(T0.AddMinutes(1), 100.5, 101.5, 100, 100.2, 1);

        // Corwin–Schultz (2012), eq. (14)/(18): β, γ, α, S.
        double beta = Math.Pow(Math.Log(101.0 / 99), 2) + Math.Pow(Math.Log(101.5 / 100), 2);
        double gamma = Math.Pow(Math.Log(101.5 / 99), 2);
        double k = 3 - (2 * Math.Sqrt(2));
        double alpha = ((Math.Sqrt(2 * beta) - Math.Sqrt(beta)) / k) - Math.Sqrt(gamma / k);
        Assert.Equal(2 * (Math.Exp(alpha) - 1) / (1 + Math.Exp(alpha)), SpreadEstimators.CorwinSchultzPair(a, b), 12);

        // Abdi–Ranaldo (2017): 4 (c₁ − η₁)(c₁ − η₂).
        double c = Math.Log(100.5), eta1 = (Math.Log(101) + Math.Log(99)) / 2, eta2 = (Math.Log(101.5) + Math.Log(100)) / 2;
        Assert.Equal(4 * (c - eta1) * (c - eta2), SpreadEstimators.AbdiRanaldoProduct(a, b), 12);
    }

    [Fact]
    public async Task A_close_bouncing_between_bid_and_ask_gives_the_spread_and_reversal_scores_it_as_skill_with_a_warning()
    {
        var bars = Bounce(3000, spread: 0.002);
        var cs = SpreadEstimators.CorwinSchultz(bars);
        var ar = SpreadEstimators.AbdiRanaldo(bars);
        Assert.True(double.IsNaN(cs[0]));
        // Both estimators land near the 20 bp spread the series was built with.
        Assert.InRange(ar[^1], 0.0012, 0.0028);
        Assert.InRange(SpreadEstimators.Conservative(bars)[^1], 0.0012, 0.004);

        var data = SupervisedDataset.Build(bars, Spec);
        var report = await WalkForwardEvaluator.RunAsync(data, bars, [BaselineCandidates.Persistence(), BaselineCandidates.Reversal()], new WalkForwardOptions { Folds = 2 });
        var reversal = report.Models.Single(m => m.Name == "reversal").Horizons[0];

        Assert.True(reversal.DirectionalAccuracy > 0.6, reversal.DirectionalAccuracy.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(reversal.EffectiveSpread, 0.001, 0.004);
        // Net of the spread, trading the bounce loses: it pays half a spread each time it flips.
        Assert.True(reversal.TotalLogReturnNetOfSpread < reversal.TotalLogReturnNet);
        Assert.True(reversal.BeyondSpreadSamples < reversal.DirectionalSamples);
        Assert.Contains(report.BounceWarnings, w => w.Contains("1 bar", StringComparison.Ordinal));
        Assert.Contains("Bounce:", report.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("acc. > spread", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_candles_the_spread_columns_are_empty_and_mismatched_candles_are_refused()
    {
        var bars = Bounce(1500, spread: 0.002);
        var data = SupervisedDataset.Build(bars, Spec);
        var report = await WalkForwardEvaluator.RunAsync(data, [BaselineCandidates.Persistence()], new WalkForwardOptions { Folds = 2 });
        Assert.True(double.IsNaN(report.Models[0].Horizons[0].EffectiveSpread));
        Assert.Empty(report.BounceWarnings);
        Assert.Contains(BaselineCandidates.All(), c => c.Name == "reversal");

        await Assert.ThrowsAsync<ArgumentException>(() => WalkForwardEvaluator.RunAsync(data, bars.Take(1000).ToList(), [BaselineCandidates.Persistence()]));
    }

    // A random walk of the mid price; each close is at the bid or the ask at random, highs/lows include the half spread.
    private static List<Candle> Bounce(int count, double spread)
    {
        var random = new Random(11);
        var result = new List<Candle>(count);
        double mid = 10, previousClose = 10;
        for (int i = 0; i < count; i++)
        {
            double open = previousClose;
            mid *= Math.Exp(0.0002 * (random.NextDouble() - 0.5));
            double half = mid * spread / 2;
            double close = random.Next(2) == 0 ? mid - half : mid + half;
            double high = Math.Max(Math.Max(open, close), mid + half) * (1 + (0.0001 * random.NextDouble()));
            double low = Math.Min(Math.Min(open, close), mid - half) * (1 - (0.0001 * random.NextDouble()));
            result.Add(new Candle(T0.AddMinutes(i), open, high, low, close, 1 + random.Next(10)));
            previousClose = close;
        }

        return result;
    }
}
