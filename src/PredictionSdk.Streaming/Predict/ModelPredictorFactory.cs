using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Streaming;

/// <summary>Builds the per-symbol predictors of a model bundle.</summary>
internal static class ModelPredictorFactory
{
    /// <summary>
    /// A factory loading <paramref name="modelPath"/> (ONNX Runtime) for each symbol — a bundle, or a folder of bundles
    /// for an ensemble — or null when no model is configured. The bundle's manifest is read at once, so a bad path fails
    /// at start rather than at the first symbol. A single bundle is loaded once, at the first symbol, and shared by
    /// every symbol's predictor (one ONNX session and one copy of the weights instead of one per symbol);
    /// <paramref name="sharedModel"/> owns it and is disposed by the stream once its workers have stopped.
    /// </summary>
    /// <exception cref="ModelLoadException">The bundle cannot be read.</exception>
    public static StreamPredictorFactory? Create(string? modelPath, out IDisposable? sharedModel)
    {
        sharedModel = null;
        if (string.IsNullOrWhiteSpace(modelPath))
        {
            return null;
        }

        if (Directory.Exists(modelPath))
        {
            return (symbol, interval) => new StockCryptoStreamPredictor(symbol, interval, ModelType.Ensemble, modelPath);
        }

        var modelType = ModelBundle.Load(modelPath).Manifest.ModelType;
        var shared = new SharedModel(modelPath);
        sharedModel = shared;
        return (symbol, interval) => new StockCryptoStreamPredictor(symbol, interval, modelType, shared.Get());
    }

    /// <summary>One loaded bundle for every symbol of a stream, loaded on first use.</summary>
    private sealed class SharedModel(string path) : IDisposable
    {
        private readonly Lock _gate = new();
        private LoadedModel? _model;
        private bool _disposed;

        public LoadedModel Get()
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _model ??= LoadedModel.Load(path);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _model?.Dispose();
                _model = null;
            }
        }
    }
}
