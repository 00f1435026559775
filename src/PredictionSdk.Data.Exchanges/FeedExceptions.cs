using System.Net;

namespace PredictionSdk.Data.Exchanges;

/// <summary>A REST call to an exchange failed for good (after retries, or with an error that retrying cannot fix).</summary>
public class FeedRestException : MarketDataException
{
    /// <summary>Creates the error.</summary>
    public FeedRestException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public FeedRestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public FeedRestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error naming the feed, the request path and the HTTP status.</summary>
    public FeedRestException(string feed, string path, HttpStatusCode? statusCode, string detail, Exception? innerException = null)
        : base($"{path} failed{(statusCode is null ? string.Empty : $" with HTTP {(int)statusCode.Value}")}: {detail}", feed, null, null, null, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>HTTP status of the last attempt, when one was received.</summary>
    public HttpStatusCode? StatusCode { get; }
}

/// <summary>The exchange refused the credentials; reconnecting cannot help, so the stream ends with this error.</summary>
public class FeedAuthenticationException : MarketDataException
{
    /// <summary>Creates the error.</summary>
    public FeedAuthenticationException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public FeedAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public FeedAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
