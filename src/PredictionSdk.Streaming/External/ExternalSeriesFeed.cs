using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PredictionSdk.External;

namespace PredictionSdk.Streaming.External;

/// <summary>A series went stale (nothing received for its limit) or resumed.</summary>
/// <param name="Series">Name of the series.</param>
/// <param name="IsStale">True when it went stale, false when it resumed.</param>
/// <param name="SinceLastValue">Wall-clock time since its last accepted observation; null if it never had one.</param>
/// <param name="Limit">The staleness limit applied.</param>
public sealed record ExternalSeriesStatusChanged(string Series, bool IsStale, TimeSpan? SinceLastValue, TimeSpan Limit);

/// <summary>
/// Reads external series sources into an <see cref="ExternalSeriesStore"/> so feature pipelines see them as of each
/// bar's close. Each series is watched: nothing received for its limit raises <see cref="StatusChanged"/> (and the
/// <c>psdk.external.stale</c> gauge reads 1); what a model then does is its spec's rule (refuse, or predict without the
/// series when allowed). A source that fails is logged, counted and read again after a pause; a finite source (a file)
/// that ends is not restarted.
/// </summary>
public sealed class ExternalSeriesFeed
{
    private static readonly Meter Meter = new("PredictionSdk.External");
    private static readonly Counter<long> Received = Meter.CreateCounter<long>("psdk.external.observations", "{observation}", "Observations accepted (tag: series).");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("psdk.external.failures", "{failure}", "Source failures (tag: series).");
    private static readonly ConcurrentDictionary<ExternalSeriesFeed, byte> Live = new();

    private readonly IReadOnlyList<IExternalSeriesSource> _sources;
    private readonly ExternalSeriesFeedOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, bool> _stale = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _lastReceived = new(StringComparer.Ordinal);
    private readonly DateTime _started;

    static ExternalSeriesFeed()
    {
        Meter.CreateObservableGauge("psdk.external.stale", () => Live.Keys.SelectMany(f => f._stale.Select(p => new Measurement<int>(p.Value ? 1 : 0, new KeyValuePair<string, object?>("series", p.Key)))), "{flag}", "1 while a series is stale (tag: series).");
    }

    /// <summary>Creates the feed.</summary>
    /// <param name="sources">The sources; their names must be distinct.</param>
    /// <param name="store">Where observations go; null for <see cref="ExternalSeriesStore.Shared"/>.</param>
    /// <param name="options">Staleness and retry settings.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="timeProvider">Clock for staleness (tests pass a fake one).</param>
    public ExternalSeriesFeed(IEnumerable<IExternalSeriesSource> sources, ExternalSeriesStore? store = null, ExternalSeriesFeedOptions? options = null, ILogger<ExternalSeriesFeed>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources.ToArray();
        var duplicate = _sources.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two external series sources are named '{duplicate.Key}'.", nameof(sources));
        }

        _options = options ?? new ExternalSeriesFeedOptions();
        if (_options.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        Store = store ?? ExternalSeriesStore.Shared;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _started = _time.GetUtcNow().UtcDateTime;
        foreach (var source in _sources)
        {
            Store.GetOrAdd(source.Name);
            _stale[source.Name] = false;
        }
    }

    /// <summary>The store the feed writes to.</summary>
    public ExternalSeriesStore Store { get; }

    /// <summary>Raised when a series goes stale or resumes.</summary>
    public event Action<ExternalSeriesStatusChanged>? StatusChanged;

    /// <summary>True while <paramref name="series"/> is stale.</summary>
    public bool IsStale(string series) => _stale.TryGetValue(series, out bool stale) && stale;

    /// <summary>Runs every source and the staleness watch until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Live[this] = 0;
        try
        {
            var readers = _sources.Select(s => PumpAsync(s, cancellationToken)).ToList();
            readers.Add(WatchAsync(cancellationToken));
            await Task.WhenAll(readers).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Live.TryRemove(this, out _);
        }
    }

    /// <summary>Checks every series once against its limit, raising <see cref="StatusChanged"/> on a change (the watch loop calls it).</summary>
    public void CheckStaleness()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var source in _sources)
        {
            var limit = _options.StaleAfterBySeries.TryGetValue(source.Name, out var own) ? own : _options.StaleAfter;
            DateTime? last = _lastReceived.TryGetValue(source.Name, out var received) ? received : null;
            TimeSpan? since = last is { } l ? now - l : null;
            bool stale = (since ?? (now - _started)) > limit;
            if (_stale.TryGetValue(source.Name, out bool was) && was != stale)
            {
                _stale[source.Name] = stale;
                if (stale)
                {
                    _logger.LogWarning("External series {Series} is stale: nothing received for {Since} (limit {Limit}).", source.Name, since?.ToString() ?? "ever", limit);
                }
                else
                {
                    _logger.LogInformation("External series {Series} resumed.", source.Name);
                }

                StatusChanged?.Invoke(new ExternalSeriesStatusChanged(source.Name, stale, since, limit));
            }
        }
    }

    private async Task PumpAsync(IExternalSeriesSource source, CancellationToken cancellationToken)
    {
        var series = Store.GetOrAdd(source.Name);
        var tag = new KeyValuePair<string, object?>("series", source.Name);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var observation in source.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (series.Append(observation))
                    {
                        _lastReceived[source.Name] = _time.GetUtcNow().UtcDateTime;
                        Received.Add(1, tag);
                    }
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Failures.Add(1, tag);
                _logger.LogWarning(ex, "External series {Series} failed; reading it again in {Delay}.", source.Name, _options.RetryDelay);
                await Task.Delay(_options.RetryDelay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.CheckEvery, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            CheckStaleness();
        }
    }
}
