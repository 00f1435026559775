namespace PredictionSdk;

/// <summary>Prediction JSON that does not follow the contract of <see cref="PredictionJson"/>.</summary>
public sealed class PredictionFormatException : PredictionSdkException
{
    /// <summary>Creates the error.</summary>
    /// <param name="field">The JSON field at fault (e.g. <c>predicted_price</c>), or null when the whole document is.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The parser's error, if any.</param>
    public PredictionFormatException(string? field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Field = field;
    }

    /// <summary>The JSON field at fault, or null when the whole document is.</summary>
    public string? Field { get; }
}
