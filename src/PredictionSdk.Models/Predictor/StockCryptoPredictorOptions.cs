using PredictionSdk.Models.Onnx;

namespace PredictionSdk.Models;

/// <summary>Settings of a <see cref="StockCryptoPredictor"/> created from a bundle (<see cref="StockCryptoPredictor.LoadAsync(string, StockCryptoPredictorOptions?, CancellationToken)"/>, <see cref="StockCryptoPredictor.FromBundle"/>).</summary>
public sealed class StockCryptoPredictorOptions
{
    /// <summary>
    /// Serve the bundle under another symbol than the one it was trained on, e.g. a <c>BTC-USD</c> bundle for
    /// <c>BTC-USDT</c> bars. Null (default): the bundle's own symbol. For a pooled bundle, one of its pool's symbols
    /// (each is served with its own scaler); another symbol is refused.
    /// </summary>
    public Symbol? ServeAs { get; set; }

    /// <summary>Settings of the ONNX session.</summary>
    public OnnxForecasterOptions SessionOptions { get; set; } = new();

    /// <summary>Nominal coverage of the reported interval: 0.8, 0.9 (default) or 0.95.</summary>
    public double IntervalLevel { get; set; } = 0.9;

    /// <summary>Step size of the online interval adaptation (see <see cref="StockCryptoPredictor.IntervalAdaptationRate"/>).</summary>
    public double IntervalAdaptationRate { get; set; } = Calibration.AdaptiveConformal.DefaultRate;

    /// <summary>Attach the reported indicators to each prediction. Default true.</summary>
    public bool ReportIndicators { get; set; } = true;
}
