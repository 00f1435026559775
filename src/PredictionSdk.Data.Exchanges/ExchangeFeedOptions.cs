namespace PredictionSdk.Data.Exchanges;

/// <summary>What an adapter does with a candle that breaks a rule of <see cref="PredictionSdk.Validation.CandleRules"/> (a non-finite or non-positive price, a bad volume, high/low contradicting open/close, an open time off the interval).</summary>
public enum InvalidCandleHandling
{
    /// <summary>Drop it, count it in <see cref="FeedStatistics.RejectedCandles"/> and log it; a closed bar is then backfilled over REST.</summary>
    Reject,

    /// <summary>Pass it on unchanged (still counted) and leave filtering to the pipeline's validation stage.</summary>
    PassThrough,
}

/// <summary>
/// Settings every WebSocket exchange adapter shares: endpoints, reconnect backoff, keep-alive,
/// REST retry / circuit breaker / rate limit. Exchange options derive from it and set exchange defaults.
/// </summary>
public abstract class ExchangeFeedOptions
{
    /// <summary>Base WebSocket URL (<c>wss://…</c>); point it at a testnet, a proxy or a loopback fake.</summary>
    public string WebSocketUrl { get; set; } = string.Empty;

    /// <summary>Base REST URL (<c>https://…</c>) used for history and gap backfill.</summary>
    public string RestUrl { get; set; } = string.Empty;

    /// <summary>First reconnect delay; doubles per failed attempt (with jitter) up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reconnect attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for the WebSocket handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection that delivers no message for this long is treated as dead and replaced.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Interval of WebSocket keep-alive pings sent by the client; <see cref="TimeSpan.Zero"/> disables them.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A connection older than this is closed and replaced before the exchange drops it (Binance: 24 h).</summary>
    public TimeSpan MaxConnectionLifetime { get; set; } = TimeSpan.FromHours(23.5);

    /// <summary>Timeout of one REST attempt.</summary>
    public TimeSpan RestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a REST call after a transport error, 429 or 5xx.</summary>
    public int RestRetryCount { get; set; } = 5;

    /// <summary>First REST retry delay (exponential with jitter) when the server gives no <c>Retry-After</c>.</summary>
    public TimeSpan RestRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound on a server's <c>Retry-After</c> the client is willing to wait.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Failure ratio over <see cref="CircuitBreakerSamplingDuration"/> that opens the REST circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Minimum REST calls in the sampling window before the circuit may open.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which the REST failure ratio is measured.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the REST circuit stays open before a trial call.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>REST requests per second allowed to this exchange (token bucket, queued beyond).</summary>
    public int RestRequestsPerSecond { get; set; } = 5;

    /// <summary>Updates buffered between the socket and a slow consumer before the socket reader waits.</summary>
    public int BufferCapacity { get; set; } = 4096;

    /// <summary>Largest WebSocket message accepted; longer ones are counted as malformed and skipped.</summary>
    public int MaxMessageBytes { get; set; } = 1 << 20;

    /// <summary>What to do with a candle that breaks a rule of <see cref="PredictionSdk.Validation.CandleRules"/>.</summary>
    public InvalidCandleHandling InvalidCandles { get; set; } = InvalidCandleHandling.Reject;

    /// <summary>Problems with these settings, one sentence each; empty when valid.</summary>
    public virtual IEnumerable<string> Validate()
    {
        string name = GetType().Name;
        if (!IsAbsolute(WebSocketUrl, "ws", "wss"))
        {
            yield return $"{name}.WebSocketUrl '{WebSocketUrl}' must be an absolute ws:// or wss:// URL.";
        }

        if (!IsAbsolute(RestUrl, "http", "https"))
        {
            yield return $"{name}.RestUrl '{RestUrl}' must be an absolute http:// or https:// URL.";
        }

        foreach (var (field, value) in new[]
        {
            (nameof(ReconnectDelay), ReconnectDelay), (nameof(MaxReconnectDelay), MaxReconnectDelay), (nameof(ConnectTimeout), ConnectTimeout),
            (nameof(IdleTimeout), IdleTimeout), (nameof(MaxConnectionLifetime), MaxConnectionLifetime), (nameof(RestTimeout), RestTimeout),
            (nameof(RestRetryDelay), RestRetryDelay), (nameof(CircuitBreakerSamplingDuration), CircuitBreakerSamplingDuration),
            (nameof(CircuitBreakerBreakDuration), CircuitBreakerBreakDuration),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{name}.{field} must be positive (was {value}).";
            }
        }

        if (MaxReconnectDelay < ReconnectDelay)
        {
            yield return $"{name}.MaxReconnectDelay ({MaxReconnectDelay}) must not be shorter than ReconnectDelay ({ReconnectDelay}).";
        }

        if (KeepAliveInterval < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
        {
            yield return $"{name}.KeepAliveInterval and MaxRetryAfter must not be negative.";
        }

        if (RestRetryCount < 0)
        {
            yield return $"{name}.RestRetryCount must not be negative (was {RestRetryCount}).";
        }

        if (CircuitBreakerFailureRatio is <= 0 or > 1)
        {
            yield return $"{name}.CircuitBreakerFailureRatio must be in (0, 1] (was {CircuitBreakerFailureRatio}).";
        }

        if (CircuitBreakerMinimumThroughput < 2)
        {
            yield return $"{name}.CircuitBreakerMinimumThroughput must be at least 2 (was {CircuitBreakerMinimumThroughput}).";
        }

        if (CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{name}.CircuitBreakerSamplingDuration must be at least 500 ms (was {CircuitBreakerSamplingDuration}).";
        }

        if (CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{name}.CircuitBreakerBreakDuration must be at least 500 ms (was {CircuitBreakerBreakDuration}).";
        }

        if (RestRequestsPerSecond <= 0 || BufferCapacity <= 0 || MaxMessageBytes < 1024)
        {
            yield return $"{name}.RestRequestsPerSecond and BufferCapacity must be positive and MaxMessageBytes at least 1024.";
        }
    }

    /// <summary>Throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var failures = Validate().ToArray();
        if (failures.Length > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(GetType().Name, GetType(), failures);
        }
    }

    private static bool IsAbsolute(string? url, string scheme1, string scheme2) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == scheme1 || uri.Scheme == scheme2);
}
