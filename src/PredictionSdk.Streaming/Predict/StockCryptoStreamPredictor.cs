using PredictionSdk.Models;

namespace PredictionSdk.Streaming;

/// <summary>The model stage on a <see cref="StockCryptoPredictor"/> (ONNX Runtime, calibrated).</summary>
internal sealed class StockCryptoStreamPredictor : IStreamPredictor
{
    private readonly StockCryptoPredictor _predictor;

    public StockCryptoStreamPredictor(Symbol symbol, Interval interval, ModelType modelType, string modelPath)
    {
        _predictor = new StockCryptoPredictor(symbol, interval, modelType);
        try
        {
            _predictor.LoadModel(modelPath);
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
