namespace PredictionSdk.Models;

/// <summary>
/// A bundle trained on one symbol was loaded to serve another (e.g. a <c>BTC-USD</c> model for <c>BTC-USDT</c> bars,
/// a different market with a different price). Serve it anyway only by saying so:
/// <see cref="StockCryptoPredictor.BundleSymbol"/> or <see cref="StockCryptoPredictorOptions.ServeAs"/>.
/// </summary>
public sealed class ModelSymbolMismatchException : ModelLoadException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The bundle file or stream name.</param>
    /// <param name="bundleSymbol">The symbol the bundle was trained on.</param>
    /// <param name="requestedSymbol">The symbol the predictor serves.</param>
    public ModelSymbolMismatchException(string source, Symbol bundleSymbol, Symbol requestedSymbol)
        : base(source, $"it was trained on {bundleSymbol} but the predictor serves {requestedSymbol}; map one to the other explicitly (BundleSymbol = {bundleSymbol}) to serve it anyway.")
    {
        BundleSymbol = bundleSymbol;
        RequestedSymbol = requestedSymbol;
        TrainedOn = [bundleSymbol];
    }

    /// <summary>Creates the exception for a pooled bundle (trained on several symbols), none of which is the one asked for.</summary>
    /// <param name="source">The bundle file or stream name.</param>
    /// <param name="trainedOn">The symbols the bundle was trained on; the first is <see cref="BundleSymbol"/>.</param>
    /// <param name="requestedSymbol">The symbol the predictor serves.</param>
    public ModelSymbolMismatchException(string source, IReadOnlyList<Symbol> trainedOn, Symbol requestedSymbol)
        : base(source, trainedOn.Count == 1
            ? $"it was trained on {trainedOn[0]} but the predictor serves {requestedSymbol}; map one to the other explicitly (BundleSymbol = {trainedOn[0]}) to serve it anyway."
            : $"it was trained on the pool {string.Join(", ", trainedOn)}, which does not include {requestedSymbol}; fine-tune it on {requestedSymbol}'s candles (ModelTrainer.FineTuneAsync) or map a pool symbol explicitly (BundleSymbol).")
    {
        BundleSymbol = trainedOn[0];
        RequestedSymbol = requestedSymbol;
        TrainedOn = trainedOn;
    }

    /// <summary>The symbol the bundle was trained on.</summary>
    public Symbol BundleSymbol { get; }

    /// <summary>The symbol the predictor serves.</summary>
    public Symbol RequestedSymbol { get; }

    /// <summary>Every symbol the bundle was trained on (one, or a pool).</summary>
    public IReadOnlyList<Symbol> TrainedOn { get; }
}
