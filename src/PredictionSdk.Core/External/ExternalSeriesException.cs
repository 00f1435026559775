namespace PredictionSdk.External;

/// <summary>An external series is malformed (a bad row or value) or was used in a way it cannot serve. Names the series.</summary>
public class ExternalSeriesException : PredictionSdkException
{
    /// <summary>Creates the error.</summary>
    public ExternalSeriesException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public ExternalSeriesException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public ExternalSeriesException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for series <paramref name="series"/>.</summary>
    public ExternalSeriesException(string series, string message, Exception? innerException = null)
        : base($"External series '{series}': {message}", innerException)
    {
        Series = series;
    }

    /// <summary>Name of the series.</summary>
    public string? Series { get; }
}
