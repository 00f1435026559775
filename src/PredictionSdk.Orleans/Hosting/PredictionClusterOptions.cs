using PredictionSdk.Streaming;

namespace PredictionSdk.Orleans;

/// <summary>
/// Settings of the symbol grains of one silo: the model, the bar length, the pipeline's rules, the Orleans providers
/// the grains use and how the silo's feed ingestion groups symbols into source subscriptions.
/// </summary>
public sealed class PredictionClusterOptions
{
    /// <summary>Configuration section the options bind from by convention.</summary>
    public const string SectionName = "PredictionSdk:Cluster";

    /// <summary>A <c>.psdk</c> bundle, or a folder of bundles for an ensemble; null: indicators only, no predictions.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Bar length of the feed and of the model.</summary>
    public Interval Interval { get; set; } = Interval.OneMinute;

    /// <summary>Sequencing, warm-up and open-bar rules of every symbol's pipeline (the same ones as a <see cref="RealTimeStream"/>'s).</summary>
    public SymbolPipelineOptions Pipeline { get; } = new();

    /// <summary>
    /// Minute-boundary batching on each silo: the grains whose bars close together submit their predictions to one
    /// per-silo <see cref="PredictionBatcher"/>, which makes them in a few ONNX calls (when
    /// <see cref="PredictionBatchingOptions.MaxBatchSize"/> wait, or <see cref="PredictionBatchingOptions.MaxDelay"/>
    /// after the first). Same predictions, bit for bit; <c>Enabled = false</c> makes each grain's call on its own.
    /// </summary>
    public PredictionBatchingOptions Batching { get; } = new();

    /// <summary>Name of the Orleans stream provider the predictions are published on (configure it on silos and clients).</summary>
    public string StreamProvider { get; set; } = PredictionStreams.DefaultProviderName;

    /// <summary>Symbols per source subscription opened by a silo (one exchange connection serves a bucket).</summary>
    public int SymbolsPerConnection { get; set; } = 200;

    /// <summary>How long newly attached symbols wait for others to share a subscription before it opens.</summary>
    public TimeSpan BucketDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Updates buffered per symbol between the feed and its grain; a full buffer slows the subscription down.</summary>
    public int MailboxCapacity { get; set; } = 4096;

    /// <summary>Most updates handed to a grain in one call.</summary>
    public int MaxPushBatch { get; set; } = 512;

    /// <summary>Warm-up history requests in flight at once on one silo.</summary>
    public int MaxConcurrentWarmUps { get; set; } = 4;

    /// <summary>Attempts to wake the symbols of a dead silo before giving up until the next membership change.</summary>
    public int WakeAttempts { get; set; } = 10;

    /// <summary>Every problem with these settings, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>(Pipeline.Validate($"{SectionName}:Pipeline"));
        failures.AddRange(Batching.Validate($"{SectionName}:Batching"));
        if (ModelPath is not null && !File.Exists(ModelPath) && !Directory.Exists(ModelPath))
        {
            failures.Add($"{SectionName}:ModelPath '{ModelPath}' does not exist.");
        }

        Check(failures, string.IsNullOrWhiteSpace(StreamProvider), "StreamProvider must be set.");
        Check(failures, SymbolsPerConnection < 1, $"SymbolsPerConnection must be 1 or more (was {SymbolsPerConnection}).");
        Check(failures, BucketDelay < TimeSpan.Zero, $"BucketDelay must not be negative (was {BucketDelay}).");
        Check(failures, MailboxCapacity < 1, $"MailboxCapacity must be 1 or more (was {MailboxCapacity}).");
        Check(failures, MaxPushBatch < 1, $"MaxPushBatch must be 1 or more (was {MaxPushBatch}).");
        Check(failures, MaxConcurrentWarmUps < 1, $"MaxConcurrentWarmUps must be 1 or more (was {MaxConcurrentWarmUps}).");
        Check(failures, WakeAttempts < 1, $"WakeAttempts must be 1 or more (was {WakeAttempts}).");
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
