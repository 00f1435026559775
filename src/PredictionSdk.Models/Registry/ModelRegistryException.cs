namespace PredictionSdk.Models.Registry;

/// <summary>
/// A registry operation failed: an unknown version, a promotion the registry cannot make, a corrupted index, a bundle
/// that is missing or no longer matches its recorded hash, or a lock held too long by another writer. The message
/// names the registry folder and what is wrong.
/// </summary>
public class ModelRegistryException : PredictionSdkException
{
    /// <summary>Creates the error.</summary>
    public ModelRegistryException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public ModelRegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public ModelRegistryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for a registry folder.</summary>
    /// <param name="folder">The registry folder.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelRegistryException(string folder, string reason, Exception? innerException = null)
        : base($"Model registry '{folder}': {reason}", innerException)
    {
        Folder = folder;
        Reason = reason;
    }

    /// <summary>The registry folder, when known.</summary>
    public string? Folder { get; }

    /// <summary>What is wrong, without the folder.</summary>
    public string? Reason { get; }
}
