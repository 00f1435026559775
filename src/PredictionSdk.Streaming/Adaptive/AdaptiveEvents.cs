using PredictionSdk.Models.Promotion;

namespace PredictionSdk.Streaming;

/// <summary>A champion/challenger decision for one symbol, with the numbers behind it and what the loop did about it.</summary>
/// <param name="Symbol">Symbol decided on.</param>
/// <param name="Decision">The rule's verdict: a <see cref="PromotionDecision"/> or <see cref="RollbackDecision"/> with its statistics.</param>
/// <param name="BarTime">Close of the latest scored bar when it was decided (market time).</param>
/// <param name="Applied">True when the decision changed the serving version (a promotion or a rollback).</param>
public sealed record AdaptiveDecision(Symbol Symbol, ModelDecision Decision, DateTime BarTime, bool Applied);

/// <summary>The serving version of a symbol changed between two bars.</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="FromVersion">Version that served the bars before.</param>
/// <param name="ToVersion">Version that serves <paramref name="FirstBar"/> and after.</param>
/// <param name="FirstBar">Open time of the first bar the new version observes as champion (the last bar the old one served is the one before).</param>
/// <param name="Reason">Promotion or rollback.</param>
public sealed record ModelSwap(Symbol Symbol, string FromVersion, string ToVersion, DateTime FirstBar, string Reason);

/// <summary>Why a retrain was asked for.</summary>
public enum RetrainTrigger
{
    /// <summary>The schedule (<see cref="RetrainOptions.Every"/>) came due.</summary>
    Schedule,

    /// <summary>A drift detector raised an alarm.</summary>
    Drift,

    /// <summary>Asked for by code (<see cref="AdaptiveLearning.RequestRetrain"/>).</summary>
    Manual,
}

/// <summary>A retrain asked of the retraining service.</summary>
/// <param name="Symbol">Symbol to train a challenger for.</param>
/// <param name="Trigger">Why.</param>
/// <param name="AsOf">Market time of the trigger: the challenger is trained on bars before it.</param>
/// <param name="ChampionId">Version serving when it was asked (the challenger's parent).</param>
/// <param name="Detail">The drift alarm or schedule that triggered it, in words.</param>
public sealed record RetrainRequest(Symbol Symbol, RetrainTrigger Trigger, DateTime AsOf, string ChampionId, string Detail);

/// <summary>How a retrain ended.</summary>
public enum RetrainStatus
{
    /// <summary>A challenger was trained and now runs in shadow.</summary>
    Succeeded,

    /// <summary>Training failed (or had too little data); the champion serves on, untouched.</summary>
    Failed,

    /// <summary>Cancelled (stop or timeout); the champion serves on, untouched.</summary>
    Cancelled,
}

/// <summary>The end of one retrain.</summary>
/// <param name="Request">What was asked.</param>
/// <param name="Status">How it ended.</param>
/// <param name="ChallengerId">The new challenger's version when it succeeded.</param>
/// <param name="Bars">Bars it was trained on.</param>
/// <param name="Duration">Wall time it took.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record RetrainResult(RetrainRequest Request, RetrainStatus Status, string? ChallengerId, int Bars, TimeSpan Duration, string? Error);
