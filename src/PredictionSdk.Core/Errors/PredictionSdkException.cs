namespace PredictionSdk;

/// <summary>Base of every error PredictionSdk raises on purpose.</summary>
public class PredictionSdkException : Exception
{
    /// <summary>Creates the error.</summary>
    public PredictionSdkException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public PredictionSdkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public PredictionSdkException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
