using System.Net;
using PredictionSdk.Orleans;

namespace PredictionSdk.Server.Cluster;

/// <summary>
/// Where the server's predictions come from (section <c>Server:Cluster</c>): its own stream over the configured feeds
/// (<c>Mode = Local</c>, the default), or the symbol grains of an Orleans cluster it joins as a client (<c>Mode = Client</c>).
/// </summary>
public sealed class ServerClusterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Server:Cluster";

    /// <summary><c>Local</c>: run a <c>RealTimeStream</c> in the server. <c>Client</c>: read the predictions of an Orleans cluster.</summary>
    public string Mode { get; set; } = "Local";

    /// <summary>Static clustering: the silos' client gateways as <c>ip:port</c> (samples/Cluster: <c>127.0.0.1:11211</c>, <c>127.0.0.1:11212</c>, …).</summary>
    public IList<string> Gateways { get; } = [];

    /// <summary>PostgreSQL clustering: the database whose membership table the silos keep (instead of <see cref="Gateways"/>).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// Cluster id of the silos; a gateway closes the connection of a client with another one. <c>default</c> is what
    /// Orleans uses when none is configured (the localhost silos of samples/Cluster).
    /// </summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>Service id of the silos; defaults to <see cref="ClusterId"/>.</summary>
    public string? ServiceId { get; set; }

    /// <summary>Name of the memory stream provider the silos publish predictions on.</summary>
    public string StreamProvider { get; set; } = PredictionStreams.DefaultProviderName;

    /// <summary>Start the served symbols in the cluster (idempotent) once connected; off when another client manages them.</summary>
    public bool StartSymbols { get; set; } = true;

    /// <summary>How long one attempt to connect may take before it counts as failed (and <c>/ready</c> says so).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait between attempts to connect to the cluster.</summary>
    public TimeSpan ConnectRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the server asks the cluster for its active silos, for <c>/ready</c>.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive failed probes after which the server drops its connection and connects (and subscribes) again.</summary>
    public int ReconnectAfterFailedProbes { get; set; } = 3;

    /// <summary>True when the server reads its predictions from a cluster.</summary>
    public bool IsClient => string.Equals(Mode, "Client", StringComparison.OrdinalIgnoreCase);

    /// <summary>The service id the silos use.</summary>
    public string EffectiveServiceId => string.IsNullOrWhiteSpace(ServiceId) ? ClusterId : ServiceId;

    /// <summary>The parsed <see cref="Gateways"/>.</summary>
    public IReadOnlyList<IPEndPoint> GatewayEndpoints => [.. Gateways.Select(g => IPEndPoint.TryParse(g, out var e) ? e : null).OfType<IPEndPoint>()];

    /// <summary>Where the server looks for the cluster, for logs and <c>/ready</c> (never the connection string, which may hold a password).</summary>
    public string Where => Gateways.Count > 0 ? $"cluster '{ClusterId}' at {string.Join(", ", Gateways)}" : $"cluster '{ClusterId}' (PostgreSQL membership)";

    /// <summary>Every problem with these settings, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (!IsClient && !string.Equals(Mode, "Local", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{SectionName}:Mode must be 'Local' or 'Client' (was '{Mode}').");
            return failures;
        }

        if (!IsClient)
        {
            return failures;
        }

        bool hasGateways = Gateways.Count > 0, hasPostgres = !string.IsNullOrWhiteSpace(PostgresConnectionString);
        if (hasGateways == hasPostgres)
        {
            failures.Add($"{SectionName}: set either Gateways (ip:port of each silo gateway) or PostgresConnectionString, not {(hasGateways ? "both" : "neither")}.");
        }

        foreach (string gateway in Gateways.Where(g => !IPEndPoint.TryParse(g, out var e) || e.Port == 0))
        {
            failures.Add($"{SectionName}:Gateways '{gateway}' is not an ip:port endpoint.");
        }

        Check(failures, string.IsNullOrWhiteSpace(ClusterId), "ClusterId must be set.");
        Check(failures, string.IsNullOrWhiteSpace(StreamProvider), "StreamProvider must be set.");
        Check(failures, ConnectTimeout <= TimeSpan.Zero, $"ConnectTimeout must be positive (was {ConnectTimeout}).");
        Check(failures, ConnectRetryDelay <= TimeSpan.Zero, $"ConnectRetryDelay must be positive (was {ConnectRetryDelay}).");
        Check(failures, ProbeInterval <= TimeSpan.Zero, $"ProbeInterval must be positive (was {ProbeInterval}).");
        Check(failures, ReconnectAfterFailedProbes < 1, $"ReconnectAfterFailedProbes must be 1 or more (was {ReconnectAfterFailedProbes}).");
        return failures;
    }

    private static void Check(List<string> failures, bool failed, string message)
    {
        if (failed)
        {
            failures.Add($"{SectionName}:{message}");
        }
    }
}
