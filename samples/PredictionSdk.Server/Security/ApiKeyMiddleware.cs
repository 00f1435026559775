using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PredictionSdk.Server.Security;

/// <summary>
/// Optional API-key check for <c>/api</c> and <c>/ws</c>: when <see cref="ServerOptions.ApiKey"/> is set, a request
/// must carry it in the <c>X-Api-Key</c> header (or <c>api_key</c> query parameter, for browsers' WebSockets).
/// Health endpoints, the dashboard and the OpenAPI document stay open.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    public const string HeaderName = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        string? expected = options.Value.ApiKey;
        var path = context.Request.Path;
        bool guarded = path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/ws", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(expected) || !guarded)
        {
            await next(context);
            return;
        }

        string? given = context.Request.Headers[HeaderName].FirstOrDefault() ?? context.Request.Query["api_key"].FirstOrDefault();
        if (given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            await next(context);
            return;
        }

        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
            detail: $"Send the key in the {HeaderName} header.").ExecuteAsync(context);
    }
}
