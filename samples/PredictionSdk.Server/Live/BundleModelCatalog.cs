using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Server.Live;

/// <summary>Reads the manifests of the configured model bundles once, at start.</summary>
internal sealed class BundleModelCatalog : IModelCatalog
{
    private readonly Dictionary<Symbol, ModelInfo> _bySymbol = [];

    public BundleModelCatalog(IEnumerable<(Symbol Symbol, string Path)> bundles, ILogger<BundleModelCatalog> logger)
    {
        foreach (var (symbol, path) in bundles)
        {
            var bundle = ModelBundle.Load(path);
            var manifest = bundle.Manifest;
            // The configuration maps the symbol to this bundle: that is the explicit mapping a bundle of another symbol needs.
            var trainedOn = Symbol.Parse(manifest.Symbol);
            if (trainedOn != symbol)
            {
                logger.LogWarning("Model {Path} was trained on {TrainedOn} and is configured to serve {Symbol}", path, trainedOn, symbol);
            }

            using var predictor = new StockCryptoPredictor(symbol, Interval.Parse(manifest.Interval), manifest.ModelType) { BundleSymbol = trainedOn };
            predictor.LoadModel(bundle, path);
            string version = $"{manifest.ModelType.ToString().ToLowerInvariant()}-{manifest.CreatedUtc:yyyyMMddHHmmss}";
            _bySymbol[symbol] = new ModelInfo(symbol.Value, Path.GetFileNameWithoutExtension(path), version, manifest.ModelType.ToString().ToLowerInvariant(),
                Interval.Parse(manifest.Interval), manifest.Horizons, predictor.RequiredHistory, manifest.Metrics);
            logger.LogInformation("Model {Version} serves {Symbol} ({Path})", version, symbol, path);
        }

        All = [.. _bySymbol.Values];
    }

    public IReadOnlyList<ModelInfo> All { get; }

    public ModelInfo? For(Symbol symbol) => _bySymbol.GetValueOrDefault(symbol);
}
