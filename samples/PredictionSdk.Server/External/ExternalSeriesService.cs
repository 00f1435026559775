using Microsoft.Extensions.Options;
using PredictionSdk.Data.External;
using PredictionSdk.External;
using PredictionSdk.Streaming.External;

namespace PredictionSdk.Server.External;

/// <summary>
/// Loads the configured series files into <see cref="ExternalSeriesStore.Shared"/> before the stream starts (hosted
/// services start in registration order), then polls the configured URLs for the life of the server. A file that
/// cannot be read does not stop the server: the board reports it on <c>/ready</c> and <c>/api/v1/external</c>.
/// </summary>
internal sealed class ExternalSeriesService(IOptions<ExternalSeriesServerOptions> options, ExternalSeriesBoard board, ILogger<ExternalSeriesService> logger,
    ILogger<ExternalSeriesFeed> feedLogger) : BackgroundService
{
    private readonly List<HttpClient> _clients = [];
    private ExternalSeriesFeed? _feed;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, series) in options.Value.Series.Where(s => s.Value.File is not null))
        {
            string path = ServerStartup.Resolve(series.File!);
            try
            {
                var loaded = await ExternalSeriesFile.LoadAsync(path, name, ExternalSeriesStore.Shared, series.Column, cancellationToken);
                logger.LogInformation("External series {Series}: {Count} observations from {File}", name, loaded.Count, path);
            }
            catch (ExternalSeriesException ex)
            {
                board.Failed(name, ex);
                logger.LogError(ex, "External series {Series} was not loaded from {File}", name, path);
            }
        }

        var polled = options.Value.Series.Where(s => s.Value.Url is not null).ToArray();
        if (polled.Length > 0)
        {
            var feedOptions = new ExternalSeriesFeedOptions();
            foreach (var (name, series) in polled)
            {
                feedOptions.StaleAfterBySeries[name] = series.StaleAfter;
            }

            // Checked at least four times per shortest limit, so a stop is reported within a quarter of it.
            feedOptions.CheckEvery = TimeSpan.FromTicks(Math.Min(feedOptions.CheckEvery.Ticks, polled.Min(p => p.Value.StaleAfter.Ticks) / 4));

            _feed = new ExternalSeriesFeed(polled.Select(p => Poll(p.Key, p.Value)), ExternalSeriesStore.Shared, feedOptions, feedLogger);
            board.Attach(_feed);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _feed?.RunAsync(stoppingToken) ?? Task.CompletedTask;

    public override void Dispose()
    {
        base.Dispose();
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private HttpPollingSeriesSource Poll(string name, ExternalSeriesSettings settings)
    {
        // One long-lived client per series; pooled connections are renewed so DNS changes are seen.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(http);
        var source = new HttpPollingSeriesSource(name, http, settings.Url!, settings.PollInterval);
        source.PollFailed += error => logger.LogWarning(error, "External series {Series}: poll of {Url} failed", name, settings.Url!.GetLeftPart(UriPartial.Path));
        return source;
    }
}
