using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PredictionSdk.Streaming;

/// <summary>Names of the streaming pipeline's <see cref="Meter"/> and <see cref="ActivitySource"/>, for OpenTelemetry registration.</summary>
public static class StreamingTelemetry
{
    /// <summary>Name of the meter and activity source: <c>PredictionSdk.Streaming</c>.</summary>
    public const string Name = "PredictionSdk.Streaming";

    internal static readonly ActivitySource ActivitySource = new(Name, typeof(StreamingTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(StreamingTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> FramesIn = Meter.CreateCounter<long>("psdk.stream.frames_in", "{update}", "Candle updates received from sources.");
    internal static readonly Counter<long> CandlesOut = Meter.CreateCounter<long>("psdk.stream.candles_out", "{candle}", "Closed candles that passed validation and aggregation.");
    internal static readonly Counter<long> Predictions = Meter.CreateCounter<long>("psdk.stream.predictions", "{prediction}", "Predictions delivered.");
    internal static readonly Counter<long> Drops = Meter.CreateCounter<long>("psdk.stream.drops", "{item}", "Items discarded by a full stage (tag: stage).");
    internal static readonly Counter<long> Rejected = Meter.CreateCounter<long>("psdk.stream.rejected", "{update}", "Updates rejected by validation (tag: reason).");
    internal static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("psdk.stream.reconnects", "{reconnect}", "Source restarts after a failure (tag: source).");
    internal static readonly Counter<long> Backfilled = Meter.CreateCounter<long>("psdk.stream.backfilled", "{candle}", "Closed bars fetched from history to fill gaps.");
    internal static readonly Counter<long> WarmUpBars = Meter.CreateCounter<long>("psdk.stream.warm_up_bars", "{candle}", "Closed bars fetched from history before symbols' first live bars.");
    internal static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("psdk.stream.stage.duration", "ms", "Time spent in a stage per update (tag: stage).");
    internal static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("psdk.stream.latency", "ms", "From an update entering the pipeline to its prediction reaching the fan-out.");
}
