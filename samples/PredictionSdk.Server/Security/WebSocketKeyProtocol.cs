using System.Buffers.Text;
using System.Text;

namespace PredictionSdk.Server.Security;

/// <summary>
/// Browsers cannot set headers on a WebSocket, but they can offer subprotocols. A client offers
/// <c>psdk.v1</c> and <c>psdk.key.&lt;the key in base64url&gt;</c>; the server reads the key from the second and
/// answers with <c>psdk.v1</c> only, so the key is never echoed. URLs (which get logged) stay free of keys.
/// </summary>
internal static class WebSocketKeyProtocol
{
    /// <summary>The subprotocol the server accepts.</summary>
    public const string Protocol = "psdk.v1";

    /// <summary>Prefix of the subprotocol entry that carries the key.</summary>
    public const string KeyPrefix = "psdk.key.";

    /// <summary>The key offered in <c>Sec-WebSocket-Protocol</c>, if any and well-formed.</summary>
    public static string? ReadKey(HttpRequest request)
    {
        foreach (string? header in request.Headers.SecWebSocketProtocol)
        {
            foreach (string entry in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!entry.StartsWith(KeyPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                try
                {
                    return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(entry.AsSpan(KeyPrefix.Length)));
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <summary>The subprotocol to answer with: <see cref="Protocol"/> when the client offered it, else none.</summary>
    public static string? Select(IList<string> requested) => requested.Contains(Protocol, StringComparer.Ordinal) ? Protocol : null;
}
