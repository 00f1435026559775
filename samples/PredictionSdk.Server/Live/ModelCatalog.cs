namespace PredictionSdk.Server;

/// <summary>The model bundles the server has loaded.</summary>
public interface IModelCatalog
{
    /// <summary>Every loaded model.</summary>
    IReadOnlyList<ModelInfo> All { get; }

    /// <summary>The model serving <paramref name="symbol"/>, if any.</summary>
    ModelInfo? For(Symbol symbol);
}

/// <summary>
/// What the API reports about a loaded model bundle: its name (the bundle's file name without folder or extension)
/// and version, never where the server keeps it.
/// </summary>
public sealed record ModelInfo(
    string Symbol, string Name, string ModelVersion, string ModelType, Interval Interval, IReadOnlyList<int> Horizons, int RequiredHistory,
    IReadOnlyDictionary<string, double> Metrics);
