namespace PredictionSdk.Streaming;

/// <summary>Builds the per-symbol predictors of a model bundle.</summary>
internal static class ModelPredictorFactory
{
    /// <summary>A factory loading <paramref name="modelPath"/> (ONNX Runtime) for each symbol, or null when no model is configured.</summary>
    public static StreamPredictorFactory? Create(string? modelPath) =>
        modelPath is null ? null : (symbol, interval) => new StockCryptoStreamPredictor(symbol, interval, modelPath);
}
