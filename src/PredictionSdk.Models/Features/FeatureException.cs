namespace PredictionSdk.Models.Features;

/// <summary>
/// A feature could not be computed: a candle carried a non-finite or non-positive value, arrived out of
/// order, or a feature came out NaN or infinite. Names the feature (or input field) and the bar.
/// </summary>
public class FeatureException : PredictionSdkException
{
    /// <summary>Creates the error.</summary>
    public FeatureException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public FeatureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public FeatureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for one feature (or input field) of the bar opening at <paramref name="timestamp"/>.</summary>
    public FeatureException(string feature, DateTime timestamp, double value, string reason)
        : base(FormattableString.Invariant($"Feature '{feature}' at {timestamp:yyyy-MM-ddTHH:mm:ssZ}: {reason} (value {value})."))
    {
        Feature = feature;
        Timestamp = timestamp;
        Value = value;
    }

    /// <summary>Name of the feature, or <c>input.&lt;field&gt;</c> for a bad candle field.</summary>
    public string? Feature { get; }

    /// <summary>Open time of the bar.</summary>
    public DateTime Timestamp { get; }

    /// <summary>The offending value.</summary>
    public double Value { get; }
}
