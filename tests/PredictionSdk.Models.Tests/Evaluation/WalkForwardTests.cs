using PredictionSdk.Models.Baselines;
using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Evaluation;

public class WalkForwardTests
{
    private static readonly FeatureSpec Spec = new() { WindowLength = 6, Horizons = [1, 5] };

    [Fact]
    public void Folds_are_consecutive_and_purged()
    {
        var data = SupervisedDataset.Build(TestData.Btc(3000), Spec);
        var folds = WalkForwardEvaluator.PlanFolds(data, new WalkForwardOptions { Folds = 3, InitialTrainFraction = 0.5 });
        Assert.Equal(3, folds.Count);
        for (int k = 0; k < folds.Count; k++)
        {
            var fold = folds[k];
            int lastTargetRow = data.EndRow(fold.TrainStart + fold.TrainCount - 1) + 5;
            int firstTestWindowRow = data.EndRow(fold.TestStart) - Spec.WindowLength + 1;
            Assert.True(lastTargetRow < firstTestWindowRow);
            Assert.Equal(lastTargetRow + 1, firstTestWindowRow);
            if (k > 0)
            {
                Assert.Equal(folds[k - 1].TestStart + folds[k - 1].TestCount, fold.TestStart);
                Assert.True(fold.TrainCount > folds[k - 1].TrainCount); // expanding
            }
        }

        Assert.Equal(data.Count, folds[^1].TestStart + folds[^1].TestCount);

        var rolling = WalkForwardEvaluator.PlanFolds(data, new WalkForwardOptions { Folds = 3, MaxTrainSamples = 500 });
        Assert.All(rolling, f => Assert.Equal(500, f.TrainCount));
    }

    [Fact]
    public async Task Each_fold_trains_on_a_scaler_fit_to_its_own_training_window()
    {
        var data = SupervisedDataset.Build(TestData.Btc(2600), Spec);
        var options = new WalkForwardOptions { Folds = 2 };
        var folds = WalkForwardEvaluator.PlanFolds(data, options);
        var seen = new List<(RobustScaler? Scaler, int Count, DateTime Last)>();
        var spy = ForecasterCandidate.Create("spy", train =>
        {
            seen.Add((train.Scaler, train.Count, train.Timestamp(train.Count - 1)));
            return new PersistenceForecaster(train);
        });

        var report = await WalkForwardEvaluator.RunAsync(data, [spy], options);
        Assert.Equal(2, seen.Count);
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(folds[k].TrainCount, seen[k].Count);
            Assert.True(seen[k].Last < folds[k].TestFrom);
            Assert.Equal(data.Slice(folds[k].TrainStart, folds[k].TrainCount).FitScaler(), seen[k].Scaler);
        }

        Assert.NotEqual(seen[0].Scaler, seen[1].Scaler);
        Assert.Equal(folds.Sum(f => f.TestCount), report.Models[0].Horizons[0].Samples);
    }

    [Fact]
    public async Task Report_compares_baselines_and_renders_json_and_markdown()
    {
        var data = SupervisedDataset.Build(TestData.Btc(3000), Spec);
        var candidates = BaselineCandidates.AllWithLightGbm(new LightGbmOptions { Iterations = 10 }).ToArray();
        Assert.DoesNotContain(BaselineCandidates.All(), c => c.Name == "lightgbm");
        var lines = new List<string>();
        var report = await WalkForwardEvaluator.RunAsync(data, candidates, new WalkForwardOptions { Folds = 2 }, "BTC-USDT", new Progress<string>(lines.Add));

        Assert.Equal(["persistence", "reversal", "ema-drift", "ridge+logistic", "lightgbm"], report.Models.Select(m => m.Name));
        foreach (var model in report.Models)
        {
            foreach (var m in model.Horizons)
            {
                Assert.True(m.Samples > 500);
                Assert.InRange(m.Coverage90, 0.6, 1.0);
                Assert.True(m.Rmse >= m.Mae);
                Assert.InRange(m.Brier, 0.2, 0.3); // near a coin's 0.25: minute direction is hard, and no model may be wildly overconfident
            }
        }

        // Persistence predicts zero: its MAE is the mean absolute return.
        var persistence = report.Models[0].Horizons[0];
        Assert.True(persistence.RSquared <= 0);

        var markdown = report.ToMarkdown();
        Assert.Contains("| lightgbm |", markdown, StringComparison.Ordinal);
        Assert.Contains("Horizon 5 bars", markdown, StringComparison.Ordinal);
        var back = EvaluationReport.FromJson(report.ToJson());
        Assert.Equal(report.Models[2].Horizons[1].Brier, back.Models[2].Horizons[1].Brier);
        Assert.Equal(report.Folds, back.Folds);
        Assert.Equal(2 * candidates.Length, (await Task.FromResult(lines)).Count);
    }

    [Fact]
    public async Task Sign_strategy_of_a_perfect_forecaster_wins_and_fees_cost()
    {
        var data = SupervisedDataset.Build(TestData.Btc(2400), Spec with { Horizons = [1] });
        // An oracle that reads the future can't exist in IForecaster; emulate it by a look-up on the window's timestamp.
        var targets = Enumerable.Range(0, data.Count).ToDictionary(s => data.EndRow(s), s => data.Target(s, 0));
        var oracle = ForecasterCandidate.Create("oracle", train => new LookupForecaster(data, targets));
        var report = await WalkForwardEvaluator.RunAsync(data, [oracle], new WalkForwardOptions { Folds = 2, FeeBps = 0, ScaleFeatures = false });
        var m = report.Models[0].Horizons[0];
        Assert.Equal(1.0, m.DirectionalAccuracy);
        Assert.True(m.SharpeGross > 10);
        Assert.True(m.PValue < 1e-6);
        Assert.Equal(0, m.MaxDrawdownNet, 9);

        var costly = await WalkForwardEvaluator.RunAsync(data, [oracle], new WalkForwardOptions { Folds = 2, FeeBps = 50, ScaleFeatures = false });
        Assert.True(costly.Models[0].Horizons[0].SharpeNet < m.SharpeNet);
    }

    /// <summary>Finds the sample by its window contents (unscaled rows are unique) and returns its true target.</summary>
    private sealed class LookupForecaster(SupervisedDataset data, Dictionary<int, float> targets) : IForecaster
    {
        public string Name => "oracle";

        public int WindowLength => data.WindowLength;

        public IReadOnlyList<int> Horizons => data.Horizons;

        public void Forecast(ReadOnlySpan<float> window, Span<HorizonForecast> output)
        {
            var last = window[^data.FeatureCount..];
            for (int s = 0; s < data.Count; s++)
            {
                if (data.LastRow(s).SequenceEqual(last))
                {
                    float y = targets[data.EndRow(s)];
                    output[0] = new HorizonForecast(1, y, y, y, y > 0 ? 0.9f : y < 0 ? 0.1f : 0.5f);
                    return;
                }
            }

            throw new InvalidOperationException("window not found");
        }
    }
}
