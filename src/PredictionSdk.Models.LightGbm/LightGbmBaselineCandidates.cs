using PredictionSdk.Models.Evaluation;

namespace PredictionSdk.Models.Baselines;

/// <summary>Adds the LightGBM baseline to <see cref="BaselineCandidates"/>.</summary>
public static class LightGbmBaselineCandidates
{
    extension(BaselineCandidates)
    {
        /// <summary>LightGBM gradient-boosted trees on the last feature row (see <see cref="LightGbmForecaster"/>).</summary>
        /// <param name="options">Training settings; null for the defaults.</param>
        public static ForecasterCandidate LightGbm(LightGbmOptions? options = null) =>
            new("lightgbm", (train, ct) => ValueTask.FromResult<IForecaster>(new LightGbmForecaster(train, options, ct)));

        /// <summary>The built-in baselines of <see cref="BaselineCandidates.All"/> followed by LightGBM, cheapest first.</summary>
        /// <param name="lightGbm">LightGBM's training settings; null for the defaults.</param>
        public static IReadOnlyList<ForecasterCandidate> AllWithLightGbm(LightGbmOptions? lightGbm = null) =>
            [.. BaselineCandidates.All(), BaselineCandidates.LightGbm(lightGbm)];
    }
}
