using System.Diagnostics.Metrics;
using PredictionSdk.Server.Hub;

namespace PredictionSdk.Server.Diagnostics;

/// <summary>The server's own instruments, on the meter <see cref="MeterName"/> (register it with OpenTelemetry or watch it with dotnet-counters).</summary>
public sealed class ServerMetrics
{
    /// <summary>Name of the server's <see cref="Meter"/>.</summary>
    public const string MeterName = "PredictionSdk.Server";

    private readonly Meter _meter;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _rejected;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ServerMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _dropped = _meter.CreateCounter<long>("psdk.server.websocket.dropped", "{client}",
            "WebSocket clients aborted because they could not keep up (tag reason: queue_full or send_timeout).");
        _rejected = _meter.CreateCounter<long>("psdk.server.auth.rejected", "{request}",
            "Requests refused by the API-key check (tag outcome: invalid_key or locked_out).");
    }

    /// <summary>Reports the connected WebSocket clients through <paramref name="count"/>.</summary>
    public void ObserveClients(Func<int> count) =>
        _meter.CreateObservableUpDownCounter("psdk.server.websocket.clients", count, "{client}", "Connected WebSocket clients.");

    internal void ClientDropped(ClientDropReason reason) =>
        _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason == ClientDropReason.QueueFull ? "queue_full" : "send_timeout"));

    internal void AuthRejected(bool lockedOut) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("outcome", lockedOut ? "locked_out" : "invalid_key"));
}
