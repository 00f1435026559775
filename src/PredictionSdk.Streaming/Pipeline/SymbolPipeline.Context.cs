namespace PredictionSdk.Streaming;

// Cross-asset context: a context symbol's pipeline tells its host of each closed bar it emits; the host hands the bar
// to the pipelines whose model reads that symbol.
public sealed partial class SymbolPipeline
{
    /// <summary>Called with each closed bar this pipeline emits, in order (warm-up, backfill and live alike).</summary>
    internal Action<Symbol, Candle>? ClosedBarEmitted { get; set; }

    /// <summary>
    /// Called with this pipeline's closed bar just before its model observes it: the host hands over the context bars
    /// up to that minute then, so a model never sees a context bar of a later minute than the bar it computes.
    /// </summary>
    internal Action<SymbolPipeline, DateTime>? ContextDue { get; set; }

    /// <summary>The context symbols this pipeline's model reads; empty for none.</summary>
    internal IReadOnlyList<Symbol> ContextSymbols => (_predictor as IContextPredictor)?.ContextSymbols ?? [];

    /// <summary>Hands a context symbol's closed bar to this pipeline's model (before the bar of the same minute, when it arrives in time).</summary>
    internal void ObserveContext(Symbol contextSymbol, in Candle closedBar)
    {
        if (_predictor is not IContextPredictor predictor)
        {
            return;
        }

        try
        {
            predictor.ObserveContext(contextSymbol, closedBar);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _counters.PredictionError();
            StreamingLog.PredictionFailed(_logger, ex, Symbol, closedBar.Timestamp);
        }
    }

    // Commits a closed bar to the model, counting a bar to predict that its context left unpredictable.
    private void ObserveClosed(ISymbolPredictor predictor, in Candle bar, bool predict)
    {
        if (predictor is not IContextPredictor { ContextSymbols.Count: > 0 } context)
        {
            predictor.Observe(bar);
            return;
        }

        ContextDue?.Invoke(this, bar.Timestamp);
        long stale = context.ContextStaleBars;
        predictor.Observe(bar);
        if (predict && context.ContextStaleBars != stale)
        {
            _counters.ContextStale();
        }
    }
}
