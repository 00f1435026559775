using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PredictionSdk.Server.Security;

/// <summary>
/// Counts wrong API keys per client address (<see cref="ServerOptions.FailedKeysPerMinute"/>); an address past the
/// limit is locked out — even with the right key — until its window ends, so keys cannot be guessed at speed.
/// </summary>
internal sealed class FailedKeyLimiter(IOptions<ServerOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedKeysPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>A lease that is not acquired when <paramref name="address"/> is locked out (it carries the retry time).</summary>
    public RateLimitLease Check(string address) => _limiter.AttemptAcquire(address, permitCount: 0);

    /// <summary>Counts one wrong key from <paramref name="address"/>.</summary>
    public void CountFailure(string address) => _limiter.AttemptAcquire(address).Dispose();

    public void Dispose() => _limiter.Dispose();
}
