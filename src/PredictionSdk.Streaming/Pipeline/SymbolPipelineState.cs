namespace PredictionSdk.Streaming;

/// <summary>Where a <see cref="SymbolPipeline"/> is in its life.</summary>
public enum SymbolPipelineState
{
    /// <summary>No update seen yet.</summary>
    Cold,

    /// <summary>Waiting for the warm-up history it asked for; live updates are held meanwhile.</summary>
    WarmingUp,

    /// <summary>Processing live updates.</summary>
    Live,
}
