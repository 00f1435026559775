using PredictionSdk.External;

namespace PredictionSdk.Models.Features;

/// <summary>
/// Where a feature pipeline finds what the SDK does not compute itself: custom features by name and external series by
/// name. <see cref="Shared"/> (the shared registry and series store) is used wherever none is passed, so a feature
/// registered once serves training, evaluation, the predictor and streams alike.
/// </summary>
/// <param name="Features">Custom feature factories.</param>
/// <param name="Series">External series.</param>
public sealed record FeatureExtensions(FeatureRegistry Features, ExternalSeriesStore Series)
{
    /// <summary>The shared registry and store.</summary>
    public static FeatureExtensions Shared { get; } = new(FeatureRegistry.Shared, ExternalSeriesStore.Shared);
}
