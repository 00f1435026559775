using System.Globalization;
using System.Text.Json.Nodes;
using PredictionSdk.Models.Evaluation;

namespace PredictionSdk.Models.Promotion;

/// <summary>What a <see cref="ChampionChallenger"/> rule concluded.</summary>
public enum DecisionOutcome
{
    /// <summary>Too few paired minutes to decide; ask again later.</summary>
    InsufficientData,

    /// <summary>Leave the serving version as it is.</summary>
    Keep,

    /// <summary>Promote the challenger.</summary>
    Promote,

    /// <summary>Roll the promoted version back to its predecessor.</summary>
    RollBack,
}

/// <summary>A promotion or rollback decision with the numbers behind it.</summary>
/// <param name="Symbol">Symbol served (or the registry's "every symbol").</param>
/// <param name="Horizon">Horizon served.</param>
/// <param name="Outcome">What the rule concluded.</param>
/// <param name="Reason">The conclusion in words, with its numbers.</param>
/// <param name="AtUtc">When it was decided.</param>
public abstract record ModelDecision(string Symbol, int Horizon, DecisionOutcome Outcome, string Reason, DateTime AtUtc)
{
    /// <summary>The numbers as JSON, as stored with a promotion record in the registry.</summary>
    public abstract JsonObject ToEvidence();
}

/// <summary>The promotion rule's verdict on a challenger against the champion, on the same live minutes.</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="Horizon">Horizon.</param>
/// <param name="Outcome"><see cref="DecisionOutcome.Promote"/>, <see cref="DecisionOutcome.Keep"/> or <see cref="DecisionOutcome.InsufficientData"/>.</param>
/// <param name="Reason">Why.</param>
/// <param name="AtUtc">When.</param>
/// <param name="ChampionId">The serving version.</param>
/// <param name="ChallengerId">The candidate.</param>
/// <param name="Test">Diebold–Mariano test of champion loss − challenger loss.</param>
/// <param name="MinSamples">Paired minutes required.</param>
/// <param name="Alpha">One-sided significance level.</param>
/// <param name="MinImprovement">Smallest mean loss reduction accepted.</param>
public sealed record PromotionDecision(
    string Symbol,
    int Horizon,
    DecisionOutcome Outcome,
    string Reason,
    DateTime AtUtc,
    string ChampionId,
    string ChallengerId,
    DieboldMarianoResult Test,
    int MinSamples,
    double Alpha,
    double MinImprovement) : ModelDecision(Symbol, Horizon, Outcome, Reason, AtUtc)
{
    /// <inheritdoc />
    public override JsonObject ToEvidence() => new()
    {
        ["rule"] = "diebold-mariano",
        ["championId"] = ChampionId,
        ["challengerId"] = ChallengerId,
        ["samples"] = Test.Samples,
        ["championMeanLoss"] = Finite(Test.MeanLossA),
        ["challengerMeanLoss"] = Finite(Test.MeanLossB),
        ["meanDifferential"] = Finite(Test.MeanDifferential),
        ["longRunVariance"] = Finite(Test.LongRunVariance),
        ["lag"] = Test.Lag,
        ["statistic"] = Finite(Test.Statistic),
        ["pValue"] = Finite(Test.PValueBBetter),
        ["alpha"] = Alpha,
        ["minSamples"] = MinSamples,
        ["minImprovement"] = MinImprovement,
        ["outcome"] = Outcome.ToString(),
    };

    internal static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>The rollback rule's verdict on a promoted version against its predecessor.</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="Horizon">Horizon.</param>
/// <param name="Outcome"><see cref="DecisionOutcome.RollBack"/>, <see cref="DecisionOutcome.Keep"/> or <see cref="DecisionOutcome.InsufficientData"/>.</param>
/// <param name="Reason">Why.</param>
/// <param name="AtUtc">When.</param>
/// <param name="PromotedId">The version promoted.</param>
/// <param name="PredecessorId">The version it replaced.</param>
/// <param name="Samples">Minutes compared (the last <paramref name="Window"/> at most).</param>
/// <param name="Window">Minutes the rule compares.</param>
/// <param name="PromotedMeanLoss">Mean loss of the promoted version over those minutes.</param>
/// <param name="PredecessorMeanLoss">Mean loss of the predecessor: on the same minutes when it ran in shadow, else its recorded baseline.</param>
/// <param name="Excess">Promoted − predecessor mean loss.</param>
/// <param name="Margin">Largest excess tolerated.</param>
/// <param name="Paired">True when the predecessor's losses were measured on the same minutes.</param>
/// <param name="Test">Diebold–Mariano test of predecessor loss − promoted loss on the paired minutes (informative; null when not paired).</param>
public sealed record RollbackDecision(
    string Symbol,
    int Horizon,
    DecisionOutcome Outcome,
    string Reason,
    DateTime AtUtc,
    string PromotedId,
    string PredecessorId,
    int Samples,
    int Window,
    double PromotedMeanLoss,
    double PredecessorMeanLoss,
    double Excess,
    double Margin,
    bool Paired,
    DieboldMarianoResult? Test) : ModelDecision(Symbol, Horizon, Outcome, Reason, AtUtc)
{
    /// <inheritdoc />
    public override JsonObject ToEvidence()
    {
        var evidence = new JsonObject
        {
            ["rule"] = "margin-over-window",
            ["promotedId"] = PromotedId,
            ["predecessorId"] = PredecessorId,
            ["samples"] = Samples,
            ["window"] = Window,
            ["promotedMeanLoss"] = PromotionDecision.Finite(PromotedMeanLoss),
            ["predecessorMeanLoss"] = PromotionDecision.Finite(PredecessorMeanLoss),
            ["excess"] = PromotionDecision.Finite(Excess),
            ["margin"] = Margin,
            ["paired"] = Paired,
            ["outcome"] = Outcome.ToString(),
        };
        if (Test is { } test)
        {
            evidence["statistic"] = PromotionDecision.Finite(test.Statistic);
            evidence["pValue"] = PromotionDecision.Finite(test.PValueTwoSided);
        }

        return evidence;
    }
}
