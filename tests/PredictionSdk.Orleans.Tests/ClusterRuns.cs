namespace PredictionSdk.Orleans.Tests;

/// <summary>
/// The failover tests run one after the other: each starts a whole cluster and times its recovery, and two at once on a
/// small machine starve each other's membership probes.
/// </summary>
internal static class ClusterRuns
{
    public const string Name = "cluster runs";
}
