using System.Diagnostics.Metrics;

namespace PredictionSdk.Orleans;

/// <summary>Name of the cluster's <see cref="Meter"/>, for OpenTelemetry registration.</summary>
public static class ClusterTelemetry
{
    /// <summary>Meter and activity source name.</summary>
    public const string Name = "PredictionSdk.Orleans";

    internal static readonly Meter Meter = new(Name, typeof(ClusterTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Published = Meter.CreateCounter<long>("psdk.cluster.predictions", "{prediction}", "Predictions published by symbol grains.");

    internal static readonly Counter<long> Suppressed = Meter.CreateCounter<long>("psdk.cluster.suppressed", "{prediction}", "Predictions not published because their bar was published before (by an earlier activation).");

    internal static readonly Counter<long> Resumptions = Meter.CreateCounter<long>("psdk.cluster.resumptions", "{resumption}", "Symbols that published again after a new activation.");

    internal static readonly Histogram<double> FailoverGap = Meter.CreateHistogram<double>("psdk.cluster.failover_gap", "min", "Market time without predictions between a symbol's last publish and its first after a new activation.");

    internal static readonly Counter<long> FeedDrops = Meter.CreateCounter<long>("psdk.cluster.feed_drops", "{update}", "Updates the silo feed dropped (tag: reason = stale, detached).");

    internal static readonly Counter<long> WarmUpFailures = Meter.CreateCounter<long>("psdk.cluster.warm_up_failures", "{request}", "Warm-up history requests that failed; the symbol went live without history.");
}
