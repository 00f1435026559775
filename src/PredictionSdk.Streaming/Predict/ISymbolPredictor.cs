namespace PredictionSdk.Streaming;

/// <summary>
/// The model stage of a <see cref="SymbolPipeline"/>: one symbol's predictor, fed the symbol's closed bars in order.
/// <see cref="BundlePredictors"/> makes them from a <c>.psdk</c> bundle; tests and custom models implement it directly.
/// The pipeline calls it from one thread at a time.
/// </summary>
public interface ISymbolPredictor : IDisposable
{
    /// <summary>Closed bars it must observe, without gaps, before it can predict (feature warm-up plus the model's window).</summary>
    int RequiredHistory { get; }

    /// <summary>True once enough bars were observed to predict.</summary>
    bool IsReady { get; }

    /// <summary>Commits a closed bar.</summary>
    void Observe(in Candle closedBar);

    /// <summary>Appends one prediction per horizon the model holds, made from the bars committed so far.</summary>
    void Predict(ICollection<Prediction> output);

    /// <summary>Appends one prediction per horizon as if <paramref name="openBar"/> closed now, without changing state.</summary>
    void Preview(in Candle openBar, ICollection<Prediction> output);
}

/// <summary>Creates one symbol's predictor.</summary>
internal delegate ISymbolPredictor SymbolPredictorFactory(Symbol symbol, Interval interval);
