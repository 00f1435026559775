namespace PredictionSdk.Models.Features;

/// <summary>
/// A feature written outside the SDK, computed bar by bar beside the built-in ones. Register a factory for it by name
/// (<see cref="FeatureRegistry"/>, or <c>services.AddCustomFeature</c>) and list it in
/// <see cref="FeatureSpec.CustomFeatures"/>; the bundle records the name and parameters, and serving rebuilds the
/// feature from the registry, so training and serving compute the same thing.
/// </summary>
/// <remarks>
/// The same rules as the built-in features: causal (a row uses its bar and earlier ones only), <see cref="Preview"/>
/// changes no state and returns what <see cref="Update"/> of the same bar would, values are finite and scale-free
/// (ratios, returns, z-scores: the model's scaler is fit on the training window only). One instance per pipeline.
/// </remarks>
public interface ICustomFeature
{
    /// <summary>Column names this feature emits (each becomes <c>{name}_{column}</c> in the row).</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>Bars needed before the values are meaningful.</summary>
    int WarmupBars { get; }

    /// <summary>True once <see cref="WarmupBars"/> bars were added.</summary>
    bool IsReady { get; }

    /// <summary>Adds the next closed bar and writes this feature's values for it into <paramref name="values"/>.</summary>
    void Update(in Candle bar, Span<double> values);

    /// <summary>Writes the values as if <paramref name="bar"/> closed now, without changing any state.</summary>
    void Preview(in Candle bar, Span<double> values);

    /// <summary>Forgets every bar.</summary>
    void Reset();
}
