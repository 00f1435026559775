using PredictionSdk.Models.Promotion;
using PredictionSdk.Models.Registry;
using PredictionSdk.Models.Tests.Registry;

namespace PredictionSdk.Models.Tests.Promotion;

/// <summary>The promotion and rollback rules on scripted per-minute log losses, carried out in a real registry.</summary>
public sealed class ChampionChallengerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-promotion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Per-minute losses: a shared market component (both models suffer the same hard minutes) plus each model's own noise.
    private static (double[] Champion, double[] Challenger) Losses(int n, double championMean, double challengerMean, int seed)
    {
        var random = new Random(seed);
        var champion = new double[n];
        var challenger = new double[n];
        for (int t = 0; t < n; t++)
        {
            double common = 0.1 * Drift.Streams.Normal(random);
            champion[t] = championMean + common + (0.03 * Drift.Streams.Normal(random));
            challenger[t] = challengerMean + common + (0.03 * Drift.Streams.Normal(random));
        }

        return (champion, challenger);
    }

    private (ModelRegistry Registry, string Champion, string Challenger) Registry()
    {
        var registry = ModelRegistry.Open(Path.Combine(_dir, "registry"));
        string champion = registry.Register(TestBundles.Variant(_dir, 1)).Id;
        string challenger = registry.Register(TestBundles.Variant(_dir, 2), new ModelRegistration { ParentId = champion }).Id;
        registry.Promote(champion);
        return (registry, champion, challenger);
    }

    [Fact]
    public void A_clearly_better_challenger_is_promoted_with_its_numbers()
    {
        var (registry, champion, challenger) = Registry();
        var rules = new ChampionChallenger();
        var events = new List<ModelDecision>();
        rules.Decided += (_, d) => events.Add(d);
        var (a, b) = Losses(1_440, 0.693, 0.683, seed: 1);

        var decision = rules.EvaluatePromotion("BTC-USD", 1, champion, challenger, a, b);

        Assert.Equal(DecisionOutcome.Promote, decision.Outcome);
        Assert.Same(decision, Assert.Single(events));
        Assert.Equal(1_440, decision.Test.Samples);
        Assert.InRange(decision.Test.MeanDifferential, 0.008, 0.012);
        Assert.True(decision.Test.Statistic > 5, $"{decision.Test}");
        Assert.True(decision.Test.PValueBBetter < 0.05);
        Assert.Contains("better than", decision.Reason, StringComparison.Ordinal);

        var records = rules.Apply(registry, decision);
        var record = Assert.Single(records);
        Assert.Equal((PromotionKind.Promote, challenger, champion, 1), (record.Kind, record.VersionId, record.PreviousVersionId, record.Horizon));
        Assert.Equal(challenger, registry.Champion(Symbol.Parse("BTC-USD"), 1)!.Id);
        Assert.Equal(champion, registry.Champion(Symbol.Parse("BTC-USD"), 5)!.Id); // the other horizon was not tested
        var evidence = registry.History(challenger).Single().Evidence!;
        Assert.Equal("diebold-mariano", (string)evidence["rule"]!);
        Assert.Equal(decision.Test.PValueBBetter, (double)evidence["pValue"]!);
        Assert.Equal(1_440, (int)evidence["samples"]!);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void An_equal_challenger_is_not_promoted(int seed)
    {
        var (registry, champion, challenger) = Registry();
        var rules = new ChampionChallenger();
        var (a, b) = Losses(1_440, 0.69, 0.69, seed);
        var decision = rules.EvaluatePromotion("BTC-USD", 1, champion, challenger, a, b);

        Assert.Equal(DecisionOutcome.Keep, decision.Outcome);
        Assert.True(decision.Test.PValueBBetter >= 0.05 || decision.Test.MeanDifferential <= 0, $"{decision.Test}");
        Assert.Empty(rules.Apply(registry, decision));
        Assert.Equal(champion, registry.Champion(Symbol.Parse("BTC-USD"), 1)!.Id);
    }

    [Fact]
    public void A_better_challenger_waits_for_the_minimum_sample_and_for_the_minimum_improvement()
    {
        var rules = new ChampionChallenger(new ChampionChallengerOptions { MinImprovement = 0.02 });
        var (a, b) = Losses(1_440, 0.693, 0.683, seed: 1);

        var early = rules.EvaluatePromotion("BTC-USD", 1, "c", "d", a.AsSpan(0, 600), b.AsSpan(0, 600));
        Assert.Equal(DecisionOutcome.InsufficientData, early.Outcome);
        Assert.Contains("600 paired minutes, 1440 needed", early.Reason, StringComparison.Ordinal);

        var small = rules.EvaluatePromotion("BTC-USD", 1, "c", "d", a, b);
        Assert.Equal(DecisionOutcome.Keep, small.Outcome);
        Assert.True(small.Test.PValueBBetter < 0.05); // significant, but below the improvement asked for
    }

    [Fact]
    public void A_promoted_model_that_degrades_is_rolled_back()
    {
        var (registry, champion, challenger) = Registry();
        registry.Promote(challenger, horizons: [1], reason: "won its trial");
        var rules = new ChampionChallenger();
        var events = new List<ModelDecision>();
        rules.Decided += (_, d) => events.Add(d);

        // After the promotion the new model is 0.01 nats worse than its predecessor, which kept scoring in shadow.
        var (predecessor, promoted) = Losses(900, 0.690, 0.700, seed: 7);
        var early = rules.EvaluateRollback("BTC-USD", 1, challenger, champion, promoted.AsSpan(0, 500), predecessor.AsSpan(0, 500));
        Assert.Equal(DecisionOutcome.InsufficientData, early.Outcome);

        var decision = rules.EvaluateRollback("BTC-USD", 1, challenger, champion, promoted, predecessor);
        Assert.Equal(DecisionOutcome.RollBack, decision.Outcome);
        Assert.True(decision.Paired);
        Assert.Equal(720, decision.Samples); // the last window only
        Assert.InRange(decision.Excess, 0.007, 0.013);
        Assert.Equal(decision.PromotedMeanLoss - decision.PredecessorMeanLoss, decision.Excess, 12);
        Assert.Equal(2, events.Count);

        var record = Assert.Single(rules.Apply(registry, decision));
        Assert.Equal((PromotionKind.Rollback, champion, challenger), (record.Kind, record.VersionId, record.PreviousVersionId));
        Assert.Equal(champion, registry.Champion(Symbol.Parse("BTC-USD"), 1)!.Id);
        Assert.Equal(decision.Excess, (double)record.Evidence!["excess"]!, 12);
        Assert.Equal(0.005, (double)record.Evidence["margin"]!);
    }

    [Fact]
    public void A_promoted_model_within_the_margin_is_kept()
    {
        var rules = new ChampionChallenger();
        var (predecessor, promoted) = Losses(720, 0.690, 0.692, seed: 8);
        Assert.Equal(DecisionOutcome.Keep, rules.EvaluateRollback("BTC-USD", 1, "new", "old", promoted, predecessor).Outcome);

        // Without a shadow run: against the predecessor's mean loss before the promotion.
        var (_, worse) = Losses(720, 0.69, 0.71, seed: 9);
        var baseline = rules.EvaluateRollback("BTC-USD", 1, "new", "old", worse, predecessorMeanLoss: 0.69);
        Assert.Equal(DecisionOutcome.RollBack, baseline.Outcome);
        Assert.False(baseline.Paired);
        Assert.Null(baseline.Test);
        Assert.Equal(DecisionOutcome.Keep, rules.EvaluateRollback("BTC-USD", 1, "new", "old", worse, predecessorMeanLoss: 0.71).Outcome);
    }

    [Fact]
    public void Flat_minutes_do_not_count_towards_the_windows()
    {
        var rules = new ChampionChallenger(new ChampionChallengerOptions { MinSamples = 100, RollbackWindow = 100 });
        var (a, b) = Losses(150, 0.69, 0.71, seed: 10);
        for (int i = 0; i < 150; i += 3)
        {
            a[i] = double.NaN; // a flat minute: no direction loss
        }

        Assert.Equal(DecisionOutcome.RollBack, rules.EvaluateRollback("BTC-USD", 1, "new", "old", b, a).Outcome);
        Assert.Equal(100, rules.EvaluatePromotion("BTC-USD", 1, "old", "new", a, b).Test.Samples);
        Assert.Throws<ArgumentException>(() => new ChampionChallenger(new ChampionChallengerOptions { Alpha = 1 }));
    }
}
