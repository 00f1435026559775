namespace PredictionSdk.Models.Features;

/// <summary>A spec (usually a bundle's) lists a custom feature that is not registered in this process.</summary>
public sealed class UnknownFeatureException : FeatureException
{
    /// <summary>Creates the error for the feature <paramref name="name"/>.</summary>
    public UnknownFeatureException(string name)
        : base($"Custom feature '{name}' is not registered; register it (FeatureRegistry.Shared.Register(\"{name}\", ...) or services.AddCustomFeature) before building or loading a model that uses it.")
    {
        Name = name;
    }

    /// <summary>The unregistered name.</summary>
    public string Name { get; }
}
