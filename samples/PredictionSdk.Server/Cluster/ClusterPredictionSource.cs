using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PredictionSdk.Orleans;
using PredictionSdk.Server.Live;

namespace PredictionSdk.Server.Cluster;

/// <summary>
/// The predictions of the served symbols from the symbol grains of an Orleans cluster, which the server joins as a
/// client (<see cref="PredictionClusterClient"/>): it connects (retrying until the cluster answers), subscribes to the
/// symbols' prediction streams, starts the symbols, then probes the cluster for <c>/ready</c>. After
/// <see cref="ServerClusterOptions.ReconnectAfterFailedProbes"/> failed probes it drops the client and starts over, so a
/// cluster that was restarted (and forgot the server's subscriptions) is followed again.
/// </summary>
/// <remarks>
/// The outcomes the symbols' pipelines score go to the registered outcome observers (the live scoreboard), as the local
/// stream's do. The symbols' closed bars, with their indicators, go to the same <see cref="CandleRecorder"/> as the local stream's
/// (WebSocket candles, the candle store, settling). Bars and predictions arrive on two subscriptions, so a bar may be
/// recorded before the predictions of the bar before it; the first prediction of each bar therefore settles too (its
/// <see cref="Prediction.CurrentPrice"/> is that bar's close), which catches the predictions such a bar missed.
/// </remarks>
internal sealed partial class ClusterPredictionSource(
    IOptions<ServerClusterOptions> options, ISymbolCatalog catalog, IPredictionStore predictions, CandleRecorder candles,
    IEnumerable<Streaming.IOutcomeObserver> outcomeObservers, ILoggerFactory loggers)
    : BackgroundService, IPredictionSource
{
    private readonly ServerClusterOptions _options = options.Value;
    private readonly ILogger _logger = loggers.CreateLogger<ClusterPredictionSource>();
    private readonly ConcurrentDictionary<Symbol, DateTime> _settledThrough = new();
    private readonly Streaming.IOutcomeObserver[] _outcomeObservers = [.. outcomeObservers];
    private Func<Prediction, CancellationToken, ValueTask>? _onPrediction;
    private volatile ConnectionState _state = new(false, 0, "connecting");

    /// <summary>Whether the last probe reached the cluster, and how many silos it reported active.</summary>
    public (bool Connected, int Silos) Connection => (_state.Connected, _state.Silos);

    public void Attach(Func<Prediction, CancellationToken, ValueTask> onPrediction)
    {
        if (Interlocked.CompareExchange(ref _onPrediction, onPrediction, null) is not null)
        {
            throw new InvalidOperationException("A handler is attached already.");
        }
    }

    public IReadOnlyList<SourceProblem> Problems => _state is { Connected: false } state
        ? [new SourceProblem($"not connected to the {_options.Where}: {state.Error}", null)]
        : [];

    public string Describe() => $"{_options.Where}: {_state.Silos} silo(s) active.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var symbols = catalog.Symbols;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var host = await ConnectAsync(stoppingToken);
            try
            {
                var cluster = host.Services.GetRequiredService<PredictionClusterClient>();
                // Subscribed before the symbols start: a memory stream does not replay what was published before.
                var subscription = await cluster.SubscribeAsync(symbols, DeliverAsync, OnResumedAsync, stoppingToken);
                IAsyncDisposable? bars = null, outcomes = null;
                try
                {
                    bars = await cluster.SubscribeBarsAsync(symbols, candles.HandleAsync, stoppingToken);
                    outcomes = await cluster.SubscribeOutcomesAsync(symbols, ObserveOutcome, stoppingToken);
                    if (_options.StartSymbols)
                    {
                        await cluster.StartAsync(symbols, stoppingToken);
                    }

                    Log.Following(_logger, symbols.Count, _options.Where);
                    await ProbeUntilLostAsync(host.Services.GetRequiredService<IClusterClient>(), stoppingToken);
                }
                finally
                {
                    foreach (var other in new[] { outcomes, bars })
                    {
                        if (other is not null)
                        {
                            await UnsubscribeQuietlyAsync(other);
                        }
                    }

                    await UnsubscribeQuietlyAsync(subscription);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _state = new(false, 0, ex.Message);
                Log.Lost(_logger, ex, _options.Where);
            }
            finally
            {
                await StopQuietlyAsync(host);
            }
        }
    }

    private async Task<IHost> ConnectAsync(CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            var host = BuildClientHost();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                await host.StartAsync(timeout.Token);
                return host;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                await StopQuietlyAsync(host);
                host.Dispose();
                // The client keeps trying unreachable gateways for minutes, and a gateway of another cluster id just
                // closes the connection: the timeout is what tells /ready early.
                string reason = ex is OperationCanceledException
                    ? $"no gateway accepted the connection within {_options.ConnectTimeout.TotalSeconds:0.#} s (check Gateways and ClusterId)"
                    : ex.Message;
                _state = new(false, 0, $"{reason}; attempt {attempt}");
                Log.ConnectFailed(_logger, _options.Where, attempt, reason);
                await Task.Delay(_options.ConnectRetryDelay, cancellationToken);
            }
        }
    }

    private IHost BuildClientHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The client logs through the server's logging, with the server's filters.
        builder.Services.Replace(ServiceDescriptor.Singleton(loggers));
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_options.ClusterId, _options.EffectiveServiceId));
            if (_options.PostgresConnectionString is { Length: > 0 } connection)
            {
                client.UsePostgresClustering(connection);
            }
            else
            {
                client.UseStaticClustering([.. _options.GatewayEndpoints]);
            }

            client.AddMemoryStreams(_options.StreamProvider).AddPredictionSdkClient(o => o.StreamProvider = _options.StreamProvider);
        });
        return builder.Build();
    }

    private async Task ProbeUntilLostAsync(IClusterClient client, CancellationToken cancellationToken)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        int failed = 0;
        HashSet<SiloAddress> known = [];
        while (true)
        {
            Dictionary<SiloAddress, SiloStatus> hosts;
            try
            {
                hosts = await management.GetHosts(onlyActive: true).WaitAsync(_options.ProbeInterval, cancellationToken);
                failed = 0;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _state = new(false, 0, ex is TimeoutException ? $"no answer in {_options.ProbeInterval.TotalSeconds:0.#} s" : ex.Message);
                if (++failed >= _options.ReconnectAfterFailedProbes)
                {
                    throw new TimeoutException($"{failed} probes in a row failed (last: {_state.Error}); reconnecting", ex);
                }

                await Task.Delay(_options.ProbeInterval, cancellationToken);
                continue;
            }

            // The client finds restarted silos at the same gateways by itself, but a new cluster has none of the old
            // one's silos and, with memory storage, none of its subscriptions or started symbols: start over.
            if (known.Count > 0 && !hosts.Keys.Any(known.Contains))
            {
                throw new InvalidOperationException($"the cluster was restarted (none of its {known.Count} silo(s) is left); subscribing again");
            }

            known = [.. hosts.Keys];
            _state = new(true, hosts.Count, null);
            await Task.Delay(_options.ProbeInterval, cancellationToken);
        }
    }

    private async ValueTask DeliverAsync(Prediction prediction, CancellationToken cancellationToken)
    {
        try
        {
            if (!prediction.IsPreview && _settledThrough.GetValueOrDefault(prediction.Symbol) < prediction.Timestamp)
            {
                _settledThrough[prediction.Symbol] = prediction.Timestamp;
                await predictions.SettleAsync(prediction.Symbol, prediction.Timestamp + prediction.Interval.Duration, prediction.CurrentPrice, cancellationToken);
            }

            await _onPrediction!(prediction, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // As in the local stream: a failing handler is logged, never fatal to the subscription.
            Log.DeliveryFailed(_logger, ex, prediction.Symbol, prediction.Timestamp);
        }
    }

    private ValueTask ObserveOutcome(PredictionOutcome outcome, CancellationToken cancellationToken)
    {
        // The observers the local stream's pipelines tell (the live scoreboard), told the cluster pipelines' outcomes.
        foreach (var observer in _outcomeObservers)
        {
            try
            {
                observer.OnOutcome(outcome);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ScoringFailed(_logger, ex, outcome.Prediction.Symbol, outcome.Prediction.Timestamp);
            }
        }

        return default;
    }

    private ValueTask OnResumedAsync(SymbolResumed resumed, CancellationToken cancellationToken)
    {
        Log.Resumed(_logger, resumed.Symbol, resumed.Silo, resumed.GapBars);
        return default;
    }

    private async Task UnsubscribeQuietlyAsync(IAsyncDisposable subscription)
    {
        try
        {
            // Unsubscribing asks the cluster, which may be gone: bounded, so a lost cluster does not hold up reconnecting
            // (the subscription dies with the client anyway).
            await subscription.DisposeAsync().AsTask().WaitAsync(_options.ConnectTimeout);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.UnsubscribeFailed(_logger, ex.Message);
        }
    }

    private static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            await host.StopAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The cluster may be gone; the client dies with the host.
        }
    }

    private sealed record ConnectionState(bool Connected, int Silos, string? Error);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Following {Count} symbol(s) in the {Cluster}")]
        public static partial void Following(ILogger logger, int count, string cluster);

        [LoggerMessage(2, LogLevel.Warning, "Cannot connect to the {Cluster} (attempt {Attempt}): {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string cluster, int attempt, string reason);

        [LoggerMessage(3, LogLevel.Warning, "Lost the {Cluster}; connecting again")]
        public static partial void Lost(ILogger logger, Exception exception, string cluster);

        [LoggerMessage(4, LogLevel.Error, "Could not record the {Symbol} prediction of {Timestamp:u}")]
        public static partial void DeliveryFailed(ILogger logger, Exception exception, Symbol symbol, DateTime timestamp);

        [LoggerMessage(7, LogLevel.Error, "Could not score the {Symbol} prediction of {Timestamp:u}")]
        public static partial void ScoringFailed(ILogger logger, Exception exception, Symbol symbol, DateTime timestamp);

        [LoggerMessage(6, LogLevel.Debug, "Could not unsubscribe from the cluster: {Reason}")]
        public static partial void UnsubscribeFailed(ILogger logger, string reason);

        [LoggerMessage(5, LogLevel.Information, "{Symbol} resumed on {Silo} after a gap of {GapBars} bar(s)")]
        public static partial void Resumed(ILogger logger, string symbol, string silo, int gapBars);
    }
}

/// <summary>Registers the cluster as the server's prediction source.</summary>
internal static class ClusterSourceRegistration
{
    public static IServiceCollection AddClusterPredictionSource(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ClusterPredictionSource>();
        services.AddSingleton<IPredictionSource>(sp => sp.GetRequiredService<ClusterPredictionSource>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterPredictionSource>());
        // No stream in this process: the model settings only describe the bundle the silos serve (for /api/v1/models and horizons).
        services.AddOptions<Streaming.RealTimeStreamOptions>()
            .Bind(configuration.GetSection(Streaming.RealTimeStreamOptions.SectionName))
            .Configure(o => o.ModelPath = ServerStartup.ResolveModelPath(o.ModelPath));
        return services;
    }
}
