using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Streaming;

/// <summary>Builds the per-symbol predictors of a model bundle.</summary>
internal static class ModelPredictorFactory
{
    /// <summary>
    /// A factory loading <paramref name="modelPath"/> (ONNX Runtime) for each symbol — a bundle, or a folder of bundles
    /// for an ensemble — or null when no model is configured. The bundle's manifest is read at once, so a bad path fails
    /// at start rather than at the first symbol.
    /// </summary>
    /// <exception cref="ModelLoadException">The bundle cannot be read.</exception>
    public static StreamPredictorFactory? Create(string? modelPath)
    {
        if (string.IsNullOrWhiteSpace(modelPath))
        {
            return null;
        }

        var modelType = Directory.Exists(modelPath) ? ModelType.Ensemble : ModelBundle.Load(modelPath).Manifest.ModelType;
        return (symbol, interval) => new StockCryptoStreamPredictor(symbol, interval, modelType, modelPath);
    }
}
