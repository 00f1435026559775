using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PredictionSdk.Server.Security;

/// <summary>
/// Takes an <c>api_key</c> query parameter out of the request URL before anything sees the request — the hosting
/// layer logs "Request starting … ?api_key=…" before any middleware runs — and hands it on as the
/// <c>X-Api-Key</c> header (unless one is there already). Logs, traces, endpoints and problem details see the URL
/// without it.
/// </summary>
internal sealed class ApiKeyUrlRedaction(IHttpContextFactory inner) : IHttpContextFactory
{
    private const string QueryName = "api_key";

    public HttpContext Create(IFeatureCollection featureCollection)
    {
        var request = featureCollection.Get<IHttpRequestFeature>();
        if (request is not null && request.QueryString.Contains(QueryName, StringComparison.OrdinalIgnoreCase)
            && Strip(request.QueryString, out string remaining, out string? key))
        {
            request.QueryString = remaining;
            int queryStart = request.RawTarget.IndexOf('?', StringComparison.Ordinal);
            if (queryStart >= 0)
            {
                request.RawTarget = request.RawTarget[..queryStart] + remaining;
            }

            if (key is not null && !request.Headers.ContainsKey(ApiKeyMiddleware.HeaderName))
            {
                request.Headers[ApiKeyMiddleware.HeaderName] = key;
            }
        }

        return inner.Create(featureCollection);
    }

    public void Dispose(HttpContext httpContext) => inner.Dispose(httpContext);

    /// <summary>
    /// Removes every <c>api_key</c> pair (any case, percent-encoded or not) from a raw query string (with its leading
    /// '?'); the others keep their order and encoding. False when there was none.
    /// </summary>
    internal static bool Strip(string query, out string remaining, out string? key)
    {
        key = null;
        bool found = false;
        var kept = new StringBuilder(query.Length);
        foreach (string pair in query.TrimStart('?').Split('&'))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            if (string.Equals(name, QueryName, StringComparison.OrdinalIgnoreCase))
            {
                found = true;
                key ??= equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
                continue;
            }

            if (pair.Length > 0)
            {
                kept.Append(kept.Length == 0 ? '?' : '&').Append(pair);
            }
        }

        remaining = kept.ToString();
        return found;
    }
}

/// <summary>Registration of <see cref="ApiKeyUrlRedaction"/>.</summary>
internal static class ApiKeyUrlRedactionExtensions
{
    /// <summary>Wraps the host's HTTP context factory so API keys in URLs are removed before the request is logged.</summary>
    public static IServiceCollection AddApiKeyUrlRedaction(this IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IHttpContextFactory>(sp => new ApiKeyUrlRedaction(new DefaultHttpContextFactory(sp))));
}
