using PredictionSdk.Models.Evaluation;

namespace PredictionSdk.Models.Baselines;

/// <summary>Walk-forward candidates for the torch-free baselines; other packages add theirs as extension members.</summary>
public static class BaselineCandidates
{
    /// <summary>Zero-return random walk with climatological quantiles and up-probability.</summary>
    public static ForecasterCandidate Persistence() => ForecasterCandidate.Create("persistence", train => new PersistenceForecaster(train));

    /// <summary>EMA momentum drift.</summary>
    public static ForecasterCandidate EmaDrift(int span = 10) => ForecasterCandidate.Create("ema-drift", train => new EmaDriftForecaster(train, span));

    /// <summary>"Reverse the last move": the bid-ask bounce baseline a model has to beat.</summary>
    public static ForecasterCandidate Reversal() => ForecasterCandidate.Create("reversal", train => new ReversalForecaster(train));

    /// <summary>Ridge regression + logistic regression on the last feature row (null penalties are chosen on a validation split).</summary>
    public static ForecasterCandidate Linear(double? ridgeLambda = null, double? logisticLambda = null) =>
        ForecasterCandidate.Create("ridge+logistic", train => new LinearForecaster(train, ridgeLambda, logisticLambda));

    /// <summary>
    /// The built-in baselines, cheapest first. The gradient-boosted tree baseline lives in the
    /// <c>PredictionSdk.Models.LightGbm</c> package (<c>BaselineCandidates.LightGbm()</c>,
    /// <c>BaselineCandidates.AllWithLightGbm()</c>) so that applications without it carry no native LightGBM.
    /// </summary>
    public static IReadOnlyList<ForecasterCandidate> All() => [Persistence(), Reversal(), EmaDrift(), Linear()];
}
