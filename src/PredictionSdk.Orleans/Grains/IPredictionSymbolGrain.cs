using Orleans.Concurrency;

namespace PredictionSdk.Orleans;

/// <summary>
/// One symbol of the cluster, keyed by its canonical name (<see cref="Symbol.Value"/>). Its activation hosts the
/// symbol's <see cref="Streaming.SymbolPipeline"/>, takes the symbol's candles from the ingestion of the silo it lives on
/// and publishes its predictions on the symbol's Orleans stream (<see cref="PredictionStreams"/>).
/// </summary>
public interface IPredictionSymbolGrain : IGrainWithStringKey
{
    /// <summary>Marks the symbol started (persisted) and attaches it to its silo's feed; idempotent.</summary>
    Task StartAsync();

    /// <summary>Marks the symbol stopped (persisted) and detaches it; the grain may then be collected.</summary>
    Task StopAsync();

    /// <summary>The symbol's persisted progress and the state of its pipeline.</summary>
    Task<SymbolGrainStatus> GetStatusAsync();

    /// <summary>Feeds updates in arrival order. Called by the silo's ingestion, on the silo that hosts the grain.</summary>
    Task PushAsync(Immutable<CandleUpdate[]> updates);

    /// <summary>The feed of the symbol has ended (a finite replay): releases held bars and closes the pipeline's pending work.</summary>
    Task CompleteAsync();
}

/// <summary>What <see cref="IPredictionSymbolGrain.GetStatusAsync"/> reports.</summary>
[GenerateSerializer]
[Immutable]
public sealed record SymbolGrainStatus
{
    /// <summary>Instrument name.</summary>
    [Id(0)]
    public required string Symbol { get; init; }

    /// <summary>True while the symbol is started.</summary>
    [Id(1)]
    public bool Started { get; init; }

    /// <summary>Open time of the newest bar whose predictions were published, or null before the first.</summary>
    [Id(2)]
    public DateTime? LastEmittedBar { get; init; }

    /// <summary>Predictions published over the symbol's whole life, across activations.</summary>
    [Id(3)]
    public long Emitted { get; init; }

    /// <summary>How many times the symbol was activated (1 + failovers and reactivations).</summary>
    [Id(4)]
    public int Activations { get; init; }

    /// <summary>The silo hosting the activation that answered.</summary>
    [Id(5)]
    public string Silo { get; init; } = string.Empty;

    /// <summary>Cold, warming up or live.</summary>
    [Id(6)]
    public string PipelineState { get; init; } = string.Empty;
}

/// <summary>
/// The persisted part of a symbol grain. <see cref="LastEmittedBar"/> is written before a bar's predictions are
/// published, so an activation on another silo never publishes a bar twice.
/// </summary>
[GenerateSerializer]
public sealed class SymbolGrainState
{
    /// <summary>True while the symbol is started.</summary>
    [Id(0)]
    public bool Started { get; set; }

    /// <summary>Open time of the newest bar whose predictions were (or were about to be) published.</summary>
    [Id(1)]
    public DateTime? LastEmittedBar { get; set; }

    /// <summary>Predictions published over the symbol's whole life.</summary>
    [Id(2)]
    public long Emitted { get; set; }

    /// <summary>Activations so far.</summary>
    [Id(3)]
    public int Activations { get; set; }
}
