using Orleans.Concurrency;
using PredictionSdk.Streaming;

namespace PredictionSdk.Orleans;

/// <summary>
/// One item of a symbol's prediction stream: the closed bars of one push with the indicators after each, the outcomes
/// of the predictions those bars settled, and the predictions made from them (every horizon of each bar, oldest bar first); or a <see cref="SymbolResumed"/> notice
/// after the symbol moved to another activation.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record PredictionStreamItem
{
    /// <summary>Instrument name.</summary>
    [Id(0)]
    public required string Symbol { get; init; }

    /// <summary>Predictions, ascending by bar; empty for a notice.</summary>
    [Id(1)]
    public Prediction[] Predictions { get; init; } = [];

    /// <summary>Set when the item announces that the symbol resumed after a new activation.</summary>
    [Id(2)]
    public SymbolResumed? Resumed { get; init; }

    /// <summary>Closed bars with the indicators after each, ascending; the bars precede their predictions.</summary>
    [Id(3)]
    public IndicatorUpdate[] Bars { get; init; } = [];

    /// <summary>Served predictions scored against the bars of this push, each once when its target bar closed.</summary>
    [Id(4)]
    public PredictionOutcome[] Outcomes { get; init; } = [];
}

/// <summary>
/// A symbol resumed on a new activation (after a silo failure, a rebalance or a restart) and published again. The bars
/// between <see cref="LastEmittedBefore"/> and <see cref="FirstEmittedAfter"/> got no prediction: that is the gap.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record SymbolResumed
{
    /// <summary>Instrument name.</summary>
    [Id(0)]
    public required string Symbol { get; init; }

    /// <summary>Newest bar published by the previous activations.</summary>
    [Id(1)]
    public required DateTime LastEmittedBefore { get; init; }

    /// <summary>First bar published by this activation.</summary>
    [Id(2)]
    public required DateTime FirstEmittedAfter { get; init; }

    /// <summary>Bars between the two that were never predicted (0: no gap).</summary>
    [Id(3)]
    public required int GapBars { get; init; }

    /// <summary>The gap in market time.</summary>
    [Id(4)]
    public required TimeSpan Gap { get; init; }

    /// <summary>The silo the symbol resumed on.</summary>
    [Id(5)]
    public string Silo { get; init; } = string.Empty;

    /// <summary>Wall time from the new activation to its first publish (warm-up included).</summary>
    [Id(6)]
    public TimeSpan ActivationToFirstPublish { get; init; }
}

/// <summary>Where the symbols' prediction streams live.</summary>
public static class PredictionStreams
{
    /// <summary>Default name of the stream provider the predictions are published on.</summary>
    public const string DefaultProviderName = "PredictionSdk";

    /// <summary>
    /// Name of the grain storage holding each symbol's progress. In a cluster it must outlive any silo (ADO.NET on
    /// PostgreSQL, for example): the no-double-publish guarantee rests on it. Streams also need a durable
    /// <c>PubSubStore</c>, or subscriptions are lost with the silo that held them.
    /// </summary>
    public const string StorageName = "PredictionSdk";

    /// <summary>Stream namespace of the prediction streams; the stream key is the symbol's canonical name.</summary>
    public const string Namespace = "psdk.predictions";

    /// <summary>The stream id of <paramref name="symbol"/>'s predictions.</summary>
    public static StreamId For(Symbol symbol) => StreamId.Create(Namespace, symbol.Value);
}
