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
    }

    /// <summary>The symbol the bundle was trained on.</summary>
    public Symbol BundleSymbol { get; }

    /// <summary>The symbol the predictor serves.</summary>
    public Symbol RequestedSymbol { get; }
}
