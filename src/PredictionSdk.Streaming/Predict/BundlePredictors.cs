using Microsoft.Extensions.Logging;
using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Streaming;

/// <summary>
/// Per-symbol predictors (<see cref="ISymbolPredictor"/>) of a <c>.psdk</c> model bundle, for whatever hosts
/// <see cref="SymbolPipeline"/>s. A single bundle is loaded once, at the first symbol, and shared by every symbol's
/// predictor (one ONNX session and one copy of the weights instead of one per symbol); an ensemble folder is loaded per
/// symbol. Dispose it once no predictor is in use any more: the shared model goes with it.
/// </summary>
/// <example>
/// <code>
/// using var models = BundlePredictors.Open("model.psdk");
/// var btc = Symbol.Parse("BTC-USDT");
/// using var pipeline = new SymbolPipeline(btc, Interval.OneMinute, predictor: models.Create(btc, Interval.OneMinute));
/// </code>
/// </example>
public sealed class BundlePredictors : IDisposable
{
    private readonly string _path;
    private readonly ModelType _modelType;
    private readonly bool _ensemble;
    private readonly Lock _gate = new();
    private ModelBundle? _opened;
    private LoadedModel? _shared;
    private bool _disposed;

    private BundlePredictors(string path, ModelType modelType, bool ensemble, IReadOnlyList<Symbol> trainedOn, IReadOnlyList<Symbol> contextSymbols, ModelBundle? opened)
    {
        _path = path;
        _modelType = modelType;
        _ensemble = ensemble;
        TrainedOn = trainedOn;
        ContextSymbols = contextSymbols;
        _opened = opened;
    }

    /// <summary>The symbols the bundle was trained on (an ensemble's first member's); empty for an empty folder.</summary>
    internal IReadOnlyList<Symbol> TrainedOn { get; }

    /// <summary>
    /// Context symbols the model reads (<see cref="ModelBundle.ContextSymbols"/>; for an ensemble, its first member's):
    /// a stream serving it subscribes to them too and delivers their bars to each symbol's model. Empty for none.
    /// </summary>
    public IReadOnlyList<Symbol> ContextSymbols { get; }

    /// <summary>
    /// Opens a bundle, or a folder of bundles for an ensemble. The manifest is read at once, so a bad path fails here
    /// rather than at the first symbol.
    /// </summary>
    /// <exception cref="ModelLoadException">The bundle cannot be read.</exception>
    public static BundlePredictors Open(string modelPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        if (Directory.Exists(modelPath))
        {
            // An ensemble's members share their training and context symbols; the first one tells them.
            string? first = Directory.GetFiles(modelPath, "*.psdk").Order(StringComparer.Ordinal).FirstOrDefault();
            var member = first is null ? null : ModelBundle.Load(first);
            return new BundlePredictors(modelPath, ModelType.Ensemble, ensemble: true, member?.Symbols ?? [], member?.ContextSymbols ?? [], opened: null);
        }

        // Kept for the first symbol, so that the file is read once.
        return FromBundle(ModelBundle.Load(modelPath), modelPath);
    }

    /// <summary>Predictors of a bundle already loaded, so that its file is not read again.</summary>
    /// <param name="bundle">The loaded bundle.</param>
    /// <param name="source">Name of the bundle in error messages (its path).</param>
    public static BundlePredictors FromBundle(ModelBundle bundle, string source)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return new BundlePredictors(source, bundle.Manifest.ModelType, ensemble: false, bundle.Symbols, bundle.ContextSymbols, bundle);
    }

    /// <summary>A predictor for <paramref name="symbol"/>; the caller disposes it (the shared model stays loaded).</summary>
    /// <exception cref="ModelLoadException">The bundle is corrupt or of another interval.</exception>
    /// <exception cref="ObjectDisposedException">The predictors were disposed.</exception>
    public ISymbolPredictor Create(Symbol symbol, Interval interval) => _ensemble
        ? new StockCryptoStreamPredictor(symbol, interval, ModelType.Ensemble, _path)
        : new StockCryptoStreamPredictor(symbol, interval, _modelType, Shared());

    /// <summary>
    /// Logs a warning for each of <paramref name="symbols"/> the bundle was not trained on. The model path serves every
    /// configured symbol (the configuration is the mapping), but a bundle of BTC-USD serving BTC-USDT should not go unnoticed.
    /// </summary>
    internal void WarnOfOtherSymbols(IEnumerable<Symbol> symbols, ILogger logger)
    {
        if (TrainedOn.Count == 0)
        {
            return;
        }

        foreach (var symbol in symbols.Where(s => !TrainedOn.Contains(s)))
        {
            StreamingLog.ServesOtherSymbol(logger, _path, string.Join(",", TrainedOn), symbol);
        }
    }

    /// <summary>Releases the shared model; call once every predictor made from it is disposed.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _shared?.Dispose();
            _shared = null;
            _opened = null;
        }
    }

    private LoadedModel Shared()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_shared is null)
            {
                _shared = _opened is null ? LoadedModel.Load(_path) : LoadedModel.FromBundle(_opened, _path);
                _opened = null;
            }

            return _shared;
        }
    }
}
