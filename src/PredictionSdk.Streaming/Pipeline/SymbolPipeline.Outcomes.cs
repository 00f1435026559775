namespace PredictionSdk.Streaming;

public sealed partial class SymbolPipeline
{
    private readonly OutcomeTracker _outcomes = new();
    private readonly List<PredictionOutcome> _scored = [];
    private readonly List<IOutcomeObserver> _observers = [];

    /// <summary>
    /// Told of each served prediction's outcome once, when its target bar closes, before the predictor sees that bar.
    /// Add observers before the first update; they run on the caller's thread.
    /// </summary>
    public IList<IOutcomeObserver> OutcomeObservers => _observers;

    /// <summary>Append <see cref="PipelineEventKind.Outcome"/> events (default true); observers are told either way.</summary>
    public bool EmitOutcomes { get; set; } = true;

    /// <summary>Served predictions waiting for their target bar.</summary>
    public int PendingOutcomes => _outcomes.Pending;

    /// <summary>Served predictions never scored: their target bar did not arrive, or a price could not be scored.</summary>
    public long UnscoredPredictions => _outcomes.Unscored;

    /// <summary>Scores the predictions whose target bar is <paramref name="closed"/> and hands the outcomes on.</summary>
    private void ResolveOutcomes(in CandleUpdate closed, List<PipelineEvent> events)
    {
        if (_outcomes.Pending == 0)
        {
            return;
        }

        _scored.Clear();
        _outcomes.Resolve(closed.Candle, Interval, _scored);
        foreach (var outcome in _scored)
        {
            foreach (var observer in _observers)
            {
                try
                {
                    observer.OnOutcome(outcome);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // An observer's failure must not stop the symbol's bars.
                    _counters.CallbackError();
                    StreamingLog.CallbackFailed(_logger, ex, Symbol);
                }
            }

            if (EmitOutcomes)
            {
                events.Add(PipelineEvent.ForOutcome(closed, outcome));
            }
        }
    }
}
