using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace PredictionSdk.Data.Exchanges;

/// <summary>
/// GETs JSON from an exchange's REST API through one Polly pipeline: retry (transport errors, 429 honouring
/// <c>Retry-After</c>, 5xx) → circuit breaker → token-bucket rate limiter → per-attempt timeout.
/// </summary>
internal sealed class FeedRestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _baseUri;
    private readonly string _feed;
    private readonly FeedStatistics _statistics;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TokenBucketRateLimiter _limiter;
    private readonly Action<HttpRequestMessage>? _decorate;

    public FeedRestClient(string feed, ExchangeFeedOptions options, HttpClient? http, FeedStatistics statistics, ILogger logger, TimeProvider time, Action<HttpRequestMessage>? decorate = null)
    {
        _feed = feed;
        _statistics = statistics;
        _decorate = decorate;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient();
        _baseUri = new Uri(options.RestUrl.EndsWith('/') ? options.RestUrl : options.RestUrl + "/", UriKind.Absolute);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.RestRequestsPerSecond,
            TokensPerPeriod = options.RestRequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });

        var shouldHandle = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => IsTransient(r.StatusCode));

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.RestRetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = shouldHandle,
                MaxRetryAttempts = options.RestRetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RestRetryDelay,
                MaxDelay = options.MaxRetryAfter,
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, options.MaxRetryAfter, time)),
                OnRetry = args =>
                {
                    _statistics.RestRetry();
                    string outcome = args.Outcome.Result is { } r ? $"HTTP {(int)r.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    FeedLog.RestRetry(logger, _feed, args.Context.OperationKey ?? "?", outcome, args.AttemptNumber + 1, args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        _pipeline = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = shouldHandle,
                FailureRatio = options.CircuitBreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakerBreakDuration,
            })
            .AddRateLimiter(_limiter)
            .AddTimeout(options.RestTimeout)
            .Build();
    }

    /// <summary>The delay a 429/503 answer asks for, capped; null lets the exponential backoff decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap, TimeProvider time)
    {
        RetryConditionHeaderValue? header = response?.Headers.RetryAfter;
        TimeSpan? wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };
        if (wait is null)
        {
            return null;
        }

        return wait.Value < TimeSpan.Zero ? TimeSpan.Zero : (wait.Value > cap ? cap : wait.Value);
    }

    /// <summary>GETs <paramref name="pathAndQuery"/> (relative to the REST base URL) and parses the JSON body.</summary>
    public async Task<JsonDocument> GetJsonAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseUri, pathAndQuery.TrimStart('/'));
        string path = uri.AbsolutePath;
        var context = ResilienceContextPool.Shared.Get(path, cancellationToken);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    state.Statistics.RestRequest();
                    using var request = new HttpRequestMessage(HttpMethod.Get, state.Uri);
                    state.Decorate?.Invoke(request);
                    return await state.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (Uri: uri, Http: _http, Statistics: _statistics, Decorate: _decorate)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or RateLimiterRejectedException)
        {
            throw new FeedRestException(_feed, path, null, ex.Message, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new FeedRestException(_feed, path, response.StatusCode, body.Length > 300 ? body[..300] : body);
            }

            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new FeedRestException(_feed, path, response.StatusCode, "the body is not valid JSON", ex);
            }
        }
    }

    public void Dispose()
    {
        _limiter.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500 || status == HttpStatusCode.RequestTimeout;
}
