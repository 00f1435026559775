using PredictionSdk.Models.Baselines;
using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Training.Tests.Training;

public sealed class DeepCandidatesTests
{
    [Fact]
    public async Task A_deep_candidate_is_retrained_on_each_fold_up_to_that_fold_only()
    {
        var data = SupervisedDataset.Build(TestData.BtcMinutes(1600), TestData.SmallSpec);
        var options = new WalkForwardOptions { Folds = 2 };
        var folds = WalkForwardEvaluator.PlanFolds(data, options);
        var lines = new List<string>();
        var candidate = DeepCandidates.Retrained(TestData.TinyHybrid(), epochs: 2, batchSize: 64, progress: new SynchronousProgress<string>(lines.Add));

        var report = await WalkForwardEvaluator.RunAsync(data, [candidate, BaselineCandidates.Persistence()], options);

        // One training per fold, on exactly that fold's training window (which ends before its test window).
        var trained = lines.Where(l => l.StartsWith("hybrid:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(folds.Count, trained.Length);
        for (int k = 0; k < folds.Count; k++)
        {
            Assert.Contains(FormattableString.Invariant($" on {folds[k].TrainCount} samples up to {folds[k].TrainTo:u}"), trained[k], StringComparison.Ordinal);
        }

        Assert.True(folds[1].TrainCount > folds[0].TrainCount);

        var hybrid = report.Models.Single(m => m.Name == "hybrid");
        var persistence = report.Models.Single(m => m.Name == "persistence");
        Assert.Equal(persistence.Horizons.Select(h => h.Samples), hybrid.Horizons.Select(h => h.Samples));
        Assert.All(hybrid.Horizons, h => Assert.True(double.IsFinite(h.Mae) && h.Mae > 0 && double.IsFinite(h.Brier)));
    }

    [Fact]
    public async Task A_fold_too_small_to_split_is_reported_with_its_size()
    {
        var data = SupervisedDataset.Build(TestData.BtcMinutes(300), TestData.SmallSpec);
        var candidate = DeepCandidates.Retrained(TestData.TinyHybrid(), epochs: 1);
        var ex = await Assert.ThrowsAsync<InsufficientDataException>(() => WalkForwardEvaluator.RunAsync(data, [candidate], new WalkForwardOptions { Folds = 1 }));
        Assert.Contains("too small to split", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 64, 0.2)]
    [InlineData(2, 0, 0.2)]
    [InlineData(2, 64, 0.0)]
    [InlineData(2, 64, 0.6)]
    public void Rejects_invalid_settings(int epochs, int batchSize, double validationSplit) =>
        Assert.ThrowsAny<ArgumentException>(() => DeepCandidates.Retrained(TestData.TinyHybrid(), epochs, batchSize, validationSplit));

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
