namespace PredictionSdk.Streaming;

/// <summary>Counters of a <see cref="RealTimeStream"/> since it started; a consistent-enough snapshot (each counter is read atomically).</summary>
public sealed record StreamStatistics
{
    /// <summary>Candle updates received from the sources (open and closed bars).</summary>
    public long FramesIn { get; init; }

    /// <summary>Closed candles that passed validation and aggregation (including backfilled ones).</summary>
    public long CandlesOut { get; init; }

    /// <summary>Open-bar updates that passed validation (previews).</summary>
    public long OpenBarUpdates { get; init; }

    /// <summary>Predictions delivered to the fan-out (previews included).</summary>
    public long Predictions { get; init; }

    /// <summary>Updates rejected as invalid: non-finite or inconsistent prices, misaligned time, outliers.</summary>
    public long Rejected { get; init; }

    /// <summary>Of <see cref="Rejected"/>, the price outliers.</summary>
    public long Outliers { get; init; }

    /// <summary>Closed bars seen again (duplicates) and open-bar updates older than the last closed bar.</summary>
    public long Duplicates { get; init; }

    /// <summary>Closed bars that arrived ahead of a missing one and were put back in order.</summary>
    public long Reordered { get; init; }

    /// <summary>Gaps found in a symbol's closed-bar sequence.</summary>
    public long Gaps { get; init; }

    /// <summary>Closed bars fetched from history to fill gaps.</summary>
    public long Backfilled { get; init; }

    /// <summary>Gaps that could not be filled (history failed or was too long).</summary>
    public long UnfilledGaps { get; init; }

    /// <summary>Closed bars fetched from history (or a candle store) before symbols' first live bars.</summary>
    public long WarmUpBars { get; init; }

    /// <summary>Warm-ups whose history request failed; the symbol went live without history.</summary>
    public long WarmUpFailures { get; init; }

    /// <summary>Source restarts after a failure, plus the reconnects sources report themselves (<see cref="IFeedStatistics"/>).</summary>
    public long Reconnects { get; init; }

    /// <summary>Messages the sources could not parse and skipped (from sources that report <see cref="IFeedStatistics"/>).</summary>
    public long MalformedFrames { get; init; }

    /// <summary>Sources stopped for good because their data is malformed (<see cref="RealTimeStream.Faults"/>).</summary>
    public long FaultedSources { get; init; }

    /// <summary>Items discarded by the input stage (DropOldest when full).</summary>
    public long InputDrops { get; init; }

    /// <summary>Items discarded by the output stage (DropOldest when full).</summary>
    public long OutputDrops { get; init; }

    /// <summary>Items discarded by slow subscribers (readers and taps), summed.</summary>
    public long SubscriberDrops { get; init; }

    /// <summary>Every drop of every stage.</summary>
    public long TotalDrops => InputDrops + OutputDrops + SubscriberDrops;

    /// <summary>Updates from sources not listed in <see cref="RealTimeStreamOptions.Exchanges"/>, or too late for their composite bar.</summary>
    public long Ignored { get; init; }

    /// <summary>Predictions that threw.</summary>
    public long PredictionErrors { get; init; }

    /// <summary>Prediction callbacks and handlers that threw.</summary>
    public long CallbackErrors { get; init; }

    /// <summary>Batches of closed-bar predictions made together (<see cref="RealTimeStreamOptions.Batching"/>).</summary>
    public long PredictionBatches { get; init; }

    /// <summary>Closed-bar predictions made in those batches (one per symbol and bar, every horizon); over <see cref="PredictionBatches"/>, the mean batch size.</summary>
    public long BatchedPredictions { get; init; }

    /// <summary>
    /// Closed bars of a symbol whose model reads context symbols that stopped waiting for a context bar of the same
    /// minute (<see cref="RealTimeStreamOptions.ContextWait"/> passed, or the sources ended) and went on with the
    /// context symbol's previous bar, carried forward within the model's age limit.
    /// </summary>
    public long ContextBarsLate { get; init; }

    /// <summary>Closed bars not predicted because a context symbol's bar was missing beyond the model's age limit (or never arrived).</summary>
    public long ContextStaleSkipped { get; init; }
}
