using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace PredictionSdk.Orleans;

/// <summary>
/// Watches cluster membership on every silo. When a silo is declared dead, the oldest surviving silo (one per cluster,
/// without coordination: every silo sees the same snapshot) asks the registry to wake every started symbol; the
/// symbols of the dead silo then activate on survivors, attach to their feeds and resume after their last published bar.
/// </summary>
internal sealed partial class FailoverWaker(IClusterMembershipService membership, ILocalSiloDetails silo, IGrainFactory grains, ILogger<FailoverWaker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            ClusterMembershipSnapshot? previous = null;
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken).ConfigureAwait(false))
            {
                var update = previous is null ? snapshot.AsUpdate() : snapshot.CreateUpdate(previous);
                previous = snapshot;
                if (!update.Changes.Any(c => c.Status == SiloStatus.Dead))
                {
                    continue;
                }

                var survivors = update.Snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToList();
                if (survivors.Count == 0 || !survivors.Min()!.Equals(silo.SiloAddress))
                {
                    continue;
                }

                Log.Waking(logger, string.Join(", ", update.Changes.Where(c => c.Status == SiloStatus.Dead).Select(c => c.SiloAddress)));
                try
                {
                    await grains.GetGrain<ISymbolRegistryGrain>(ISymbolRegistryGrain.Key).WakeAllAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.WakeFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Silo(s) {Dead} died; waking their symbols on the survivors")]
        public static partial void Waking(ILogger logger, string dead);

        [LoggerMessage(2, LogLevel.Error, "Waking the symbols of a dead silo failed; they wake at the next membership change or start call")]
        public static partial void WakeFailed(ILogger logger, Exception exception);
    }
}
