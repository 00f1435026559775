using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PredictionSdk.Streaming;

/// <summary>
/// Runs the registered <see cref="RealTimeStream"/> for the lifetime of a generic host; stopping the host drains it.
/// A source stopped for malformed data does not take the host down: the stream logged it, and
/// <see cref="RealTimeStream.Faults"/> keeps it for health checks.
/// </summary>
internal sealed class RealTimeStreamHostedService(RealTimeStream stream, IOptions<RealTimeStreamOptions> options, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await stream.StartAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            await stream.Completion.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception) when (stream.Completion.IsFaulted)
        {
            // Reported through Faults and the log; the host decides below whether to stop.
        }

        if (options.Value.StopHostWhenComplete)
        {
            lifetime.StopApplication();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await stream.StopAsync(cancellationToken).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
