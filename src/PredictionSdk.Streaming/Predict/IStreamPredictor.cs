namespace PredictionSdk.Streaming;

/// <summary>The model stage's view of a per-symbol predictor: observe closed bars, predict, preview open bars.</summary>
internal interface IStreamPredictor : IDisposable
{
    /// <summary>True once enough bars were observed to predict.</summary>
    bool IsReady { get; }

    /// <summary>Commits a closed bar.</summary>
    void Observe(in Candle closedBar);

    /// <summary>Predicts from the bars committed so far.</summary>
    Prediction Predict();

    /// <summary>Predicts as if <paramref name="openBar"/> closed now, without changing state.</summary>
    Prediction Preview(in Candle openBar);
}

/// <summary>Creates one predictor per symbol.</summary>
internal delegate IStreamPredictor StreamPredictorFactory(Symbol symbol, Interval interval);
