using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Models;

// Creating a predictor from a bundle (path, stream or loaded bundle) and the symbol check every load goes through.
public sealed partial class StockCryptoPredictor
{
    /// <summary>
    /// Creates a predictor from a <c>.psdk</c> file read asynchronously; the bundle says the symbol, interval and model type.
    /// </summary>
    /// <param name="path">The bundle file.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="ModelLoadException">The bundle is missing, truncated or corrupted, of an unknown format version, has no ONNX graph, or its feature spec does not match this library.</exception>
    public static async Task<StockCryptoPredictor> LoadAsync(string path, StockCryptoPredictorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var bundle = await ModelBundle.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return FromBundle(bundle, options, path);
    }

    /// <summary>
    /// Creates a predictor from a bundle in any stream (left open): an HTTP response, a database blob, an embedded
    /// resource. The bundle says the symbol, interval and model type.
    /// </summary>
    /// <param name="stream">The bundle's bytes.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="source">Name of the bundle in error messages, e.g. a URL.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="ModelLoadException">The content is not a valid bundle, has no ONNX graph, or its feature spec does not match this library.</exception>
    public static async Task<StockCryptoPredictor> LoadAsync(Stream stream, StockCryptoPredictorOptions? options = null, string source = "stream", CancellationToken cancellationToken = default)
    {
        var bundle = await ModelBundle.LoadAsync(stream, source, ModelBundle.DefaultMaxEntryBytes, cancellationToken).ConfigureAwait(false);
        return FromBundle(bundle, options, source);
    }

    /// <summary>Creates a predictor serving <paramref name="bundle"/>, with the symbol, interval and model type it records.</summary>
    /// <param name="bundle">The bundle, e.g. from <see cref="ModelBundle.Load(Stream, string, long)"/>.</param>
    /// <param name="options">Settings; <see cref="StockCryptoPredictorOptions.ServeAs"/> maps the bundle to another symbol.</param>
    /// <param name="source">Name of the bundle in error messages.</param>
    /// <exception cref="ModelSymbolMismatchException">The bundle is pooled and <see cref="StockCryptoPredictorOptions.ServeAs"/> is not one of its symbols.</exception>
    /// <exception cref="ModelLoadException">The bundle has no ONNX graph, or its feature spec does not match this library.</exception>
    public static StockCryptoPredictor FromBundle(ModelBundle bundle, StockCryptoPredictorOptions? options = null, string source = "bundle")
    {
        ArgumentNullException.ThrowIfNull(bundle);
        options ??= new StockCryptoPredictorOptions();
        // A pooled bundle serves any of its symbols as itself and nothing else: mapping another symbol to one of the
        // pool's is a choice the caller makes explicitly (BundleSymbol).
        if (options.ServeAs is { } serveAs && bundle.IsPooled && !bundle.IsTrainedOn(serveAs))
        {
            throw new ModelSymbolMismatchException(source, bundle.Symbols, serveAs);
        }

        var trainedOn = options.ServeAs is { } served && bundle.IsTrainedOn(served) ? served : Symbol.Parse(bundle.Manifest.Symbol);
        var predictor = new StockCryptoPredictor(options.ServeAs ?? trainedOn, Interval.Parse(bundle.Manifest.Interval), bundle.Manifest.ModelType)
        {
            BundleSymbol = trainedOn,
            SessionOptions = options.SessionOptions,
            IntervalLevel = options.IntervalLevel,
            IntervalAdaptationRate = options.IntervalAdaptationRate,
            ReportIndicators = options.ReportIndicators,
        };
        try
        {
            predictor.LoadModel(bundle, source);
            return predictor;
        }
        catch
        {
            predictor.Dispose();
            throw;
        }
    }

    /// <summary>As <see cref="LoadModel(string)"/> for one bundle file, read asynchronously.</summary>
    /// <param name="path">The bundle file.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="ModelSymbolMismatchException">The bundle was trained on another symbol and <see cref="BundleSymbol"/> does not map it.</exception>
    /// <exception cref="ModelLoadException">The bundle is missing, corrupted, has no ONNX graph, or holds another model type or interval.</exception>
    public async Task LoadModelAsync(string path, CancellationToken cancellationToken = default)
    {
        var bundle = await ModelBundle.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        LoadModel(bundle, path);
    }

    /// <summary>As <see cref="LoadModel(string)"/> for a bundle in a stream (left open), e.g. an HTTP response or a database blob.</summary>
    /// <param name="stream">The bundle's bytes.</param>
    /// <param name="source">Name of the bundle in error messages.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="ModelSymbolMismatchException">The bundle was trained on another symbol and <see cref="BundleSymbol"/> does not map it.</exception>
    /// <exception cref="ModelLoadException">The content is not a valid bundle, has no ONNX graph, or holds another model type or interval.</exception>
    public async Task LoadModelAsync(Stream stream, string source = "stream", CancellationToken cancellationToken = default)
    {
        var bundle = await ModelBundle.LoadAsync(stream, source, ModelBundle.DefaultMaxEntryBytes, cancellationToken).ConfigureAwait(false);
        LoadModel(bundle, source);
    }

    private void CheckSymbol(LoadedModel model, string file)
    {
        if (!Symbol.TryParse(model.Bundle.Manifest.Symbol, out var trainedOn))
        {
            throw new ModelLoadException(file, $"the symbol '{model.Bundle.Manifest.Symbol}' is not valid.");
        }

        if (!model.Bundle.IsTrainedOn(BundleSymbol ?? Symbol))
        {
            throw new ModelSymbolMismatchException(file, model.Bundle.Symbols, Symbol);
        }
    }

    // A batch may mix symbols: a pooled model scales each with its own scaler and refuses symbols outside its pool.
    private Features.RobustScaler ScalerForBatch(Symbol symbol)
    {
        var model = _members[0].Model;
        if (symbol == Symbol)
        {
            return model.ScalerFor(BundleSymbol ?? Symbol);
        }

        return model.Bundle.IsPooled ? model.Bundle.ScalerFor(symbol) : model.Scaler;
    }
}
