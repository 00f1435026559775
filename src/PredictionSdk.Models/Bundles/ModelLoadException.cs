namespace PredictionSdk.Models;

/// <summary>
/// A model bundle could not be loaded: the file is missing, truncated or corrupted, comes from an unknown format
/// version, or its contents contradict each other. The message names the file and what is wrong.
/// </summary>
public class ModelLoadException : PredictionSdkException
{
    /// <summary>Creates the exception.</summary>
    public ModelLoadException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public ModelLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public ModelLoadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a bundle file.</summary>
    /// <param name="path">The bundle file.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelLoadException(string path, string reason, Exception? innerException = null)
        : base($"Cannot load model bundle '{path}': {reason}", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The bundle file, when known.</summary>
    public string? Path { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string? Reason { get; }
}
