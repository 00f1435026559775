using PredictionSdk.Models.Promotion;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

/// <summary>The live loop on one symbol's pipeline, driven bar by bar as a replay drives it.</summary>
public class ChampionChallengerLoopTests
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");

    private static AdaptiveLearningOptions Options() => new()
    {
        EvaluateEvery = 20,
        RollbackWatch = 600,
        Promotion = { MinSamples = 300, RollbackWindow = 150 },
        Retrain = { OnDrift = false },
    };

    [Fact]
    public async Task A_better_challenger_is_promoted_on_paired_live_losses_and_rolled_back_when_it_degrades()
    {
        const int minutes = 2_000;
        var walk = new Walk(minutes, seed: 7);
        using var learning = new AdaptiveLearning(Options(), Interval.OneMinute);
        var decisions = new List<AdaptiveDecision>();
        var swaps = new List<ModelSwap>();
        var challenger = new ScriptedPredictor(Btc, walk, accuracy: 0.7, seed: 2);
        learning.Decided += (_, d) => decisions.Add(d);
        learning.Swapped += (_, s) =>
        {
            swaps.Add(s);
            if (s.Reason == "promotion")
            {
                // Once it serves, the challenger goes bad: right 20 % of the time, confidently.
                challenger.Accuracy = 0.2;
            }
        };
        var champion = new ScriptedPredictor(Btc, walk, accuracy: 0.5, seed: 1);
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, new SymbolPipelineOptions { WarmUpBars = 0 }, learning.CreatePredictor(Btc, "champion-v1", champion));
        pipeline.OutcomeObservers.Add(learning);
        var source = new ScriptedSource("fake", []);
        var events = new List<PipelineEvent>();
        for (int m = 0; m < minutes; m++)
        {
            if (m == 100)
            {
                learning.AddChallenger(Btc, "challenger-v2", challenger);
            }

            await pipeline.ProcessAsync(walk.Final(Btc, m), source, events);
        }

        // Promotion: on at least MinSamples paired minutes, with a significant Diebold–Mariano test.
        var promotion = Assert.Single(decisions, d => d.Applied && d.Decision is PromotionDecision);
        var p = (PromotionDecision)promotion.Decision;
        Assert.Equal(DecisionOutcome.Promote, p.Outcome);
        Assert.Equal(("champion-v1", "challenger-v2"), (p.ChampionId, p.ChallengerId));
        Assert.InRange(p.Test.Samples, 300, 400);
        Assert.True(p.Test.PValueBBetter < 0.05);
        Assert.True(p.Test.MeanLossB < p.Test.MeanLossA);
        Assert.Contains(decisions, d => d.Decision.Outcome == DecisionOutcome.InsufficientData && d.Decision is PromotionDecision);

        // Rollback: the degraded version loses to its predecessor, which ran in shadow on the same minutes.
        var rollback = Assert.Single(decisions, d => d.Applied && d.Decision is RollbackDecision);
        var r = (RollbackDecision)rollback.Decision;
        Assert.Equal(DecisionOutcome.RollBack, r.Outcome);
        Assert.True(r.Paired);
        Assert.Equal(150, r.Samples);
        Assert.True(r.Excess > r.Margin);
        Assert.Equal(1, learning.Promotions);
        Assert.Equal(1, learning.Rollbacks);

        Assert.Equal(2, swaps.Count);
        Assert.Equal(("champion-v1", "challenger-v2", "promotion"), (swaps[0].FromVersion, swaps[0].ToVersion, swaps[0].Reason));
        Assert.Equal(("challenger-v2", "champion-v1", "rollback"), (swaps[1].FromVersion, swaps[1].ToVersion, swaps[1].Reason));
        Assert.True(challenger.Disposed);
        Assert.Equal("champion-v1", learning.ChampionOf(Btc));

        // Every bar was predicted once, by the version serving at that bar.
        var served = events.Where(e => e.Kind == PipelineEventKind.Prediction).Select(e => e.Prediction!).ToList();
        Assert.Equal(Enumerable.Range(0, minutes).Select(m => Bars.Start.AddMinutes(m)), served.Select(s => s.Timestamp));
        foreach (var prediction in served)
        {
            string expected = prediction.Timestamp < swaps[0].FirstBar || prediction.Timestamp >= swaps[1].FirstBar ? "champion-v1" : "challenger-v2";
            Assert.Equal(expected, prediction.ModelVersion);
        }
    }

    [Fact]
    public async Task An_equal_challenger_is_kept_in_shadow_and_never_serves()
    {
        const int minutes = 1_500;
        var walk = new Walk(minutes, seed: 11);
        using var learning = new AdaptiveLearning(Options(), Interval.OneMinute);
        var decisions = new List<AdaptiveDecision>();
        learning.Decided += (_, d) => decisions.Add(d);
        using var pipeline = new SymbolPipeline(Btc, Interval.OneMinute, new SymbolPipelineOptions { WarmUpBars = 0 }, learning.CreatePredictor(Btc, "v1", new ScriptedPredictor(Btc, walk, 0.5, 1)));
        pipeline.OutcomeObservers.Add(learning);
        var source = new ScriptedSource("fake", []);
        var events = new List<PipelineEvent>();
        for (int m = 0; m < minutes; m++)
        {
            if (m == 10)
            {
                learning.AddChallenger(Btc, "v2", new ScriptedPredictor(Btc, walk, 0.5, 2));
            }

            await pipeline.ProcessAsync(walk.Final(Btc, m), source, events);
        }

        Assert.Contains(decisions, d => d.Decision.Outcome == DecisionOutcome.Keep);
        Assert.DoesNotContain(decisions, d => d.Applied);
        Assert.Equal("v1", learning.ChampionOf(Btc));
        Assert.Equal("v2", learning.ChallengerOf(Btc));
        Assert.All(events.Where(e => e.Kind == PipelineEventKind.Prediction), e => Assert.Equal("v1", e.Prediction!.ModelVersion));
    }

    [Fact]
    public void Invalid_options_are_refused_naming_each_field()
    {
        var options = new AdaptiveLearningOptions { DecisionHorizon = 0, RollbackWatch = 10, Retrain = { Threads = 0, TrainingWindow = TimeSpan.Zero } };
        var error = Assert.Throws<ArgumentException>(() => new AdaptiveLearning(options, Interval.OneMinute));
        Assert.Contains("DecisionHorizon", error.Message);
        Assert.Contains("RollbackWatch", error.Message);
        Assert.Contains("Retrain:Threads", error.Message);
        Assert.Contains("Retrain:TrainingWindow", error.Message);
    }
}
