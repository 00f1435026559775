using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PredictionSdk.Streaming;

/// <summary>Runs the registered <see cref="RealTimeStream"/> for the lifetime of a generic host; stopping the host drains it.</summary>
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
