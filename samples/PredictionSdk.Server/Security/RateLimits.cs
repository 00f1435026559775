using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PredictionSdk.Server.Security;

/// <summary>
/// The request limit per client address on <c>/api</c> and <c>/ws</c> (<see cref="ServerOptions.RequestsPerMinute"/>).
/// It runs before the API-key check, so requests with a wrong key count too.
/// </summary>
internal static class RateLimits
{
    /// <summary>Policy name on the API group and the WebSocket endpoint.</summary>
    public const string Policy = "per-address";

    public static IServiceCollection AddServerRateLimits(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = (context, _) => new ValueTask(TooManyRequests(context.HttpContext, context.Lease, "Too many requests",
            $"At most {context.HttpContext.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.RequestsPerMinute} requests a minute per client address."));
        o.AddPolicy(Policy, context =>
        {
            int perMinute = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.RequestsPerMinute;
            return perMinute <= 0
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        });
    });

    /// <summary>The partition key of a request: its remote address (behind a proxy, configure forwarded headers first).</summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A 429 problem with <c>Retry-After</c> (whole seconds) taken from the refused lease.</summary>
    public static Task TooManyRequests(HttpContext context, RateLimitLease lease, string title, string detail)
    {
        int? seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : null;
        if (seconds is { } s)
        {
            context.Response.Headers.RetryAfter = s.ToString(CultureInfo.InvariantCulture);
        }

        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title,
            detail: seconds is { } wait ? $"{detail} Retry after {wait.ToString(CultureInfo.InvariantCulture)} s." : detail,
            extensions: seconds is { } r ? new Dictionary<string, object?> { ["retry_after_seconds"] = r } : null).ExecuteAsync(context);
    }
}
