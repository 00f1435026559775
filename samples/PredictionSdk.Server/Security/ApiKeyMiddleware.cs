using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PredictionSdk.Server.Diagnostics;

namespace PredictionSdk.Server.Security;

/// <summary>
/// Optional API-key check for <c>/api</c> and <c>/ws</c>: when <see cref="ServerOptions.ApiKey"/> is set, a request
/// must carry it in the <c>X-Api-Key</c> header (an <c>api_key</c> query parameter arrives here as that header, see
/// <see cref="ApiKeyUrlRedaction"/>) or, for browsers' WebSockets, in a subprotocol (<see cref="WebSocketKeyProtocol"/>).
/// Health endpoints, the dashboard and the OpenAPI document stay open. Wrong keys are counted per client address;
/// an address with too many is locked out for the rest of the minute.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ServerOptions> options, FailedKeyLimiter failures, ServerMetrics metrics)
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

        string address = RateLimits.ClientAddress(context);
        using (var allowed = failures.Check(address))
        {
            if (!allowed.IsAcquired)
            {
                metrics.AuthRejected(lockedOut: true);
                await RateLimits.TooManyRequests(context, allowed, "Too many wrong API keys",
                    $"At most {options.Value.FailedKeysPerMinute} wrong keys a minute per client address.");
                return;
            }
        }

        string? given = context.Request.Headers[HeaderName].FirstOrDefault() ?? WebSocketKeyProtocol.ReadKey(context.Request);
        if (given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            await next(context);
            return;
        }

        failures.CountFailure(address);
        metrics.AuthRejected(lockedOut: false);
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
            detail: $"Send the key in the {HeaderName} header.").ExecuteAsync(context);
    }
}
