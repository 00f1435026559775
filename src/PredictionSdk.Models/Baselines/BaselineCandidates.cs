using PredictionSdk.Models.Evaluation;

namespace PredictionSdk.Models.Baselines;

/// <summary>Walk-forward candidates for the torch-free baselines.</summary>
public static class BaselineCandidates
{
    /// <summary>Zero-return random walk with climatological quantiles and up-probability.</summary>
    public static ForecasterCandidate Persistence() => ForecasterCandidate.Create("persistence", train => new PersistenceForecaster(train));

    /// <summary>EMA momentum drift.</summary>
    public static ForecasterCandidate EmaDrift(int span = 10) => ForecasterCandidate.Create("ema-drift", train => new EmaDriftForecaster(train, span));

    /// <summary>Ridge regression + logistic regression on the last feature row (null penalties are chosen on a validation split).</summary>
    public static ForecasterCandidate Linear(double? ridgeLambda = null, double? logisticLambda = null) =>
        ForecasterCandidate.Create("ridge+logistic", train => new LinearForecaster(train, ridgeLambda, logisticLambda));

    /// <summary>LightGBM gradient-boosted trees on the last feature row.</summary>
    public static ForecasterCandidate LightGbm(LightGbmOptions? options = null) =>
        new("lightgbm", (train, ct) => ValueTask.FromResult<IForecaster>(new LightGbmForecaster(train, options, ct)));

    /// <summary>Every baseline, cheapest first.</summary>
    public static IReadOnlyList<ForecasterCandidate> All(LightGbmOptions? lightGbm = null) => [Persistence(), EmaDrift(), Linear(), LightGbm(lightGbm)];
}
