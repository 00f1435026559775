namespace PredictionSdk.Models.Features;

/// <summary>
/// A feature spec (typically from a model bundle) was written for a version of the features this library does not
/// compute: the model would see different inputs than it was trained on, so it must be retrained. Names both versions.
/// </summary>
public class FeatureSpecVersionException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    public FeatureSpecVersionException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public FeatureSpecVersionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public FeatureSpecVersionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for a spec of <paramref name="version"/>.</summary>
    public FeatureSpecVersionException(int version)
        : base(FormattableString.Invariant(
            $"Feature spec version {version} is not supported: this library computes version {FeatureSpec.CurrentVersion} features, which differ from what a version {version} model was trained on. Retrain the model with this library."), "Version")
    {
        Version = version;
    }

    /// <summary>The version the spec was written for.</summary>
    public int Version { get; }
}
