using PredictionSdk.Models;

namespace PredictionSdk.Streaming;

/// <summary>The model stage on a <see cref="StockCryptoPredictor"/> (ONNX Runtime, calibrated), every horizon per bar.</summary>
internal sealed class StockCryptoStreamPredictor : ISymbolPredictor, IBatchablePredictor, IContextPredictor
{
    private readonly StockCryptoPredictor _predictor;
    private readonly bool _shared;

    /// <summary>
    /// A predictor with its own copy of the bundle (or ensemble folder) at <paramref name="modelPath"/>. The stream's
    /// model path serves every configured symbol: that configuration is the mapping from the bundles' symbol to this one.
    /// </summary>
    public StockCryptoStreamPredictor(Symbol symbol, Interval interval, ModelType modelType, string modelPath)
        : this(symbol, interval, modelType, p => p.LoadModel(modelPath), TrainedOn(modelPath))
    {
    }

    /// <summary>A predictor on a model shared with other symbols; the caller keeps ownership of <paramref name="sharedModel"/>.</summary>
    public StockCryptoStreamPredictor(Symbol symbol, Interval interval, ModelType modelType, LoadedModel sharedModel)
        : this(symbol, interval, modelType, p => p.UseSharedModel(sharedModel), bundleSymbol: null)
    {
        _shared = true;
    }

    private StockCryptoStreamPredictor(Symbol symbol, Interval interval, ModelType modelType, Action<StockCryptoPredictor> load, Symbol? bundleSymbol)
    {
        // The pipeline keeps the reported indicators itself: computing them here too would do it twice per bar.
        _predictor = new StockCryptoPredictor(symbol, interval, modelType) { ReportIndicators = false, BundleSymbol = bundleSymbol };
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

    // The symbol of the first bundle (an ensemble's members share their training symbol); null leaves the check to loading.
    private static Symbol? TrainedOn(string modelPath)
    {
        string? first = Directory.Exists(modelPath) ? Directory.GetFiles(modelPath, "*.psdk").Order(StringComparer.Ordinal).FirstOrDefault() : modelPath;
        return first is null || !File.Exists(first) ? null : Symbol.Parse(Models.Bundles.ModelBundle.Load(first).Manifest.Symbol);
    }

    /// <summary>Batchable when it serves a model shared with other symbols (<see cref="StockCryptoPredictor.PredictAll(IReadOnlyList{StockCryptoPredictor}, IReadOnlyList{ICollection{Prediction}})"/> groups on it).</summary>
    public StockCryptoPredictor? Model => _shared ? _predictor : null;

    public int RequiredHistory => _predictor.RequiredHistory;

    public bool IsReady => _predictor.IsReady;

    public void Observe(in Candle closedBar) => _predictor.Observe(closedBar);

    public void Predict(ICollection<Prediction> output) => _predictor.PredictAll(output);

    public void Preview(in Candle openBar, ICollection<Prediction> output) => _predictor.PreviewAll(openBar, output);

    public IReadOnlyList<Symbol> ContextSymbols => _predictor.ContextSymbols;

    public long ContextStaleBars => _predictor.ContextStaleBars;

    public bool ObserveContext(Symbol contextSymbol, in Candle closedBar) => _predictor.ObserveContext(contextSymbol, closedBar);

    public void Dispose() => _predictor.Dispose();
}

/// <summary>A model stage whose model reads context symbols' bars (cross-asset context).</summary>
internal interface IContextPredictor
{
    /// <summary>The context symbols the model reads; empty for none.</summary>
    IReadOnlyList<Symbol> ContextSymbols { get; }

    /// <summary>Observed closed bars whose context was unavailable beyond the model's age limit.</summary>
    long ContextStaleBars { get; }

    /// <summary>Accepts a context symbol's closed bar.</summary>
    bool ObserveContext(Symbol contextSymbol, in Candle closedBar);
}
