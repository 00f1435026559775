using PredictionSdk.Models;

namespace PredictionSdk.Streaming;

/// <summary>The model stage on a <see cref="StockCryptoPredictor"/> (ONNX Runtime, calibrated).</summary>
internal sealed class StockCryptoStreamPredictor : IStreamPredictor
{
    private readonly StockCryptoPredictor _predictor;

    /// <summary>A predictor with its own copy of the bundle (or ensemble folder) at <paramref name="modelPath"/>.</summary>
    public StockCryptoStreamPredictor(Symbol symbol, Interval interval, ModelType modelType, string modelPath)
        : this(symbol, interval, modelType, p => p.LoadModel(modelPath))
    {
    }

    /// <summary>A predictor on a model shared with other symbols; the caller keeps ownership of <paramref name="sharedModel"/>.</summary>
    public StockCryptoStreamPredictor(Symbol symbol, Interval interval, ModelType modelType, LoadedModel sharedModel)
        : this(symbol, interval, modelType, p => p.UseSharedModel(sharedModel))
    {
    }

    private StockCryptoStreamPredictor(Symbol symbol, Interval interval, ModelType modelType, Action<StockCryptoPredictor> load)
    {
        _predictor = new StockCryptoPredictor(symbol, interval, modelType);
        try
        {
            load(_predictor);
        }
        catch
        {
            _predictor.Dispose();
            throw;
        }
    }

    public bool IsReady => _predictor.IsReady;

    public void Observe(in Candle closedBar) => _predictor.Observe(closedBar);

    public Prediction Predict() => _predictor.PredictNextMinute();

    public Prediction Preview(in Candle openBar) => _predictor.PreviewNextMinute(openBar);

    public void Dispose() => _predictor.Dispose();
}
