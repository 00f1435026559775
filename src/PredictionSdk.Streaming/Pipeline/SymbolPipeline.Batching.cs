using PredictionSdk.Models;

namespace PredictionSdk.Streaming;

public sealed partial class SymbolPipeline
{
    private Pending? _pending;

    /// <summary>
    /// Leave a closed bar's prediction pending (<see cref="HasPendingPrediction"/>) instead of making it at once, so that
    /// a <see cref="PredictionBatcher"/> can make the predictions of many symbols' closes in one batched ONNX call.
    /// Only predictors made by <see cref="BundlePredictors"/> from one bundle are deferred; others predict at once. The
    /// pending prediction's events are inserted where they would have been, and it is made — alone — before anything
    /// else changes this pipeline (its next update, <see cref="ReplacePredictor"/>), so per-symbol order and the
    /// predictions themselves are unchanged. Default false.
    /// </summary>
    public bool DeferPredictions { get; set; }

    /// <summary>True when a closed bar's prediction waits for a <see cref="PredictionBatcher"/> (see <see cref="DeferPredictions"/>).</summary>
    public bool HasPendingPrediction => _pending is not null;

    /// <summary>The model of the pending prediction, for the batcher to group on.</summary>
    internal StockCryptoPredictor? PendingModel => _pending?.Model;

    /// <summary>Completes the pending prediction with what the batch made for it (or the exception it would have thrown).</summary>
    internal void CompletePendingPrediction(List<Prediction> predictions, Exception? error)
    {
        if (_pending is not { } pending)
        {
            return;
        }

        _pending = null;
        if (error is not null)
        {
            _counters.PredictionError();
            StreamingLog.PredictionFailed(_logger, error, Symbol, pending.Update.Candle.Timestamp);
            return;
        }

        Emit(pending.Update, predictions, pending.Events, pending.At);
    }

    private bool TryDefer(ISymbolPredictor predictor, in CandleUpdate update, List<PipelineEvent> events)
    {
        if (!DeferPredictions || predictor is not IBatchablePredictor { Model: { } model })
        {
            return false;
        }

        _pending = new Pending(model, update, events, events.Count);
        return true;
    }

    /// <summary>Makes a pending prediction now, on its own: what the batch would have made, bit for bit.</summary>
    private void ResolvePendingPrediction()
    {
        if (_pending is not { } pending)
        {
            return;
        }

        var predictions = new List<Prediction>();
        Exception? error = null;
        try
        {
            pending.Model.PredictAll(predictions);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = ex;
        }

        CompletePendingPrediction(predictions, error);
    }

    private sealed record Pending(StockCryptoPredictor Model, CandleUpdate Update, List<PipelineEvent> Events, int At);
}

/// <summary>A model stage whose predictions <see cref="PredictionBatcher"/> can make in a batch.</summary>
internal interface IBatchablePredictor
{
    /// <summary>The predictor the batch calls; null when it cannot be batched.</summary>
    StockCryptoPredictor? Model { get; }
}
