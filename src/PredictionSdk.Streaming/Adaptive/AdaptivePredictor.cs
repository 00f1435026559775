using System.Collections.Concurrent;

namespace PredictionSdk.Streaming;

/// <summary>
/// One symbol's model stage under <see cref="AdaptiveLearning"/>: the champion serves, challengers (and, after a
/// promotion, the predecessor) observe the same bars and predict in shadow; their predictions are only scored. Changes
/// — a challenger joining, a promotion, a rollback — are queued from any thread and applied at the start of the next
/// closed bar, on the pipeline's thread, so every bar is predicted by exactly one fully loaded, warmed version.
/// </summary>
internal sealed class AdaptivePredictor : ISymbolPredictor
{
    private readonly AdaptiveLearning _owner;
    private readonly Symbol _symbol;
    private readonly int _historyBars;
    private readonly ConcurrentQueue<Change> _changes = new();
    private readonly List<Shadow> _shadows = [];
    private readonly Queue<Candle> _history = new();
    private readonly List<Prediction> _scratch = [];
    private readonly List<PredictionOutcome> _scored = [];
    private Shadow _champion;

    public AdaptivePredictor(AdaptiveLearning owner, Symbol symbol, string championId, ISymbolPredictor champion, int historyBars)
    {
        _owner = owner;
        _symbol = symbol;
        _historyBars = historyBars;
        _champion = new Shadow(championId, champion);
    }

    /// <summary>The serving version (changes only on the pipeline's thread).</summary>
    public string ChampionId => Volatile.Read(ref _champion).Id;

    public int RequiredHistory => _champion.Predictor.RequiredHistory;

    public bool IsReady => _champion.Predictor.IsReady;

    /// <summary>Queues a challenger to run in shadow from the next bar, warmed on the kept history; one with the same id is replaced.</summary>
    public void AddShadow(string id, ISymbolPredictor predictor) => _changes.Enqueue(new Change(ChangeKind.Add, id, predictor, null));

    /// <summary>Queues the shadow <paramref name="id"/> to become champion at the next bar; the champion becomes a shadow.</summary>
    public void Swap(string id, string reason) => _changes.Enqueue(new Change(ChangeKind.Swap, id, null, reason));

    /// <summary>Queues the shadow <paramref name="id"/> to be unloaded at the next bar.</summary>
    public void RemoveShadow(string id) => _changes.Enqueue(new Change(ChangeKind.Remove, id, null, null));

    public void Observe(in Candle closedBar)
    {
        Apply(closedBar.Timestamp);
        foreach (var shadow in _shadows)
        {
            _scored.Clear();
            shadow.Outcomes.Resolve(closedBar, _owner.Interval, _scored);
            foreach (var outcome in _scored)
            {
                _owner.OnShadowOutcome(_symbol, shadow.Id, outcome);
            }
        }

        _champion.Predictor.Observe(closedBar);
        for (int i = _shadows.Count - 1; i >= 0; i--)
        {
            try
            {
                _shadows[i].Predictor.Observe(closedBar);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A broken challenger must not disturb the champion: it is unloaded.
                _owner.OnShadowFailed(_symbol, _shadows[i].Id, ex);
                _shadows[i].Predictor.Dispose();
                _shadows.RemoveAt(i);
            }
        }

        _history.Enqueue(closedBar);
        if (_history.Count > _historyBars)
        {
            _history.Dequeue();
        }
    }

    public void Predict(ICollection<Prediction> output)
    {
        _scratch.Clear();
        _champion.Predictor.Predict(_scratch);
        foreach (var prediction in _scratch)
        {
            output.Add(Stamp(prediction, _champion.Id));
        }

        for (int i = _shadows.Count - 1; i >= 0; i--)
        {
            var shadow = _shadows[i];
            if (!shadow.Predictor.IsReady)
            {
                continue;
            }

            _scratch.Clear();
            try
            {
                shadow.Predictor.Predict(_scratch);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _owner.OnShadowFailed(_symbol, shadow.Id, ex);
                shadow.Predictor.Dispose();
                _shadows.RemoveAt(i);
                continue;
            }

            foreach (var prediction in _scratch)
            {
                shadow.Outcomes.Track(Stamp(prediction, shadow.Id));
            }
        }
    }

    public void Preview(in Candle openBar, ICollection<Prediction> output)
    {
        _scratch.Clear();
        _champion.Predictor.Preview(openBar, _scratch);
        foreach (var prediction in _scratch)
        {
            output.Add(Stamp(prediction, _champion.Id));
        }
    }

    public void Dispose()
    {
        _champion.Predictor.Dispose();
        foreach (var shadow in _shadows)
        {
            shadow.Predictor.Dispose();
        }

        _shadows.Clear();
        while (_changes.TryDequeue(out var change))
        {
            change.Predictor?.Dispose();
        }
    }

    private static Prediction Stamp(Prediction prediction, string id) =>
        prediction.ModelVersion == id ? prediction : prediction with { ModelVersion = id };

    /// <summary>Applies the queued changes before the bar at <paramref name="barTime"/>; a swap to a version not yet ready waits for a later bar.</summary>
    private void Apply(DateTime barTime)
    {
        int count = _changes.Count;
        for (int n = 0; n < count && _changes.TryDequeue(out var change); n++)
        {
            int index = _shadows.FindIndex(s => s.Id == change.Id);
            switch (change.Kind)
            {
                case ChangeKind.Add:
                    if (index >= 0)
                    {
                        _shadows[index].Predictor.Dispose();
                        _shadows.RemoveAt(index);
                    }

                    // Warm it on the bars the champion saw, so it can predict this very bar.
                    foreach (var bar in _history)
                    {
                        change.Predictor!.Observe(bar);
                    }

                    _shadows.Add(new Shadow(change.Id, change.Predictor!));
                    break;
                case ChangeKind.Swap when index >= 0 && _shadows[index].Predictor.IsReady:
                    var promoted = _shadows[index];
                    var previous = _champion;
                    _shadows[index] = previous with { Outcomes = new OutcomeTracker() };
                    Volatile.Write(ref _champion, promoted with { Outcomes = new OutcomeTracker() });
                    _owner.OnSwapped(new ModelSwap(_symbol, previous.Id, promoted.Id, barTime, change.Reason!));
                    break;
                case ChangeKind.Swap when index >= 0:
                    _changes.Enqueue(change);
                    break;
                case ChangeKind.Remove when index >= 0:
                    _shadows[index].Predictor.Dispose();
                    _shadows.RemoveAt(index);
                    break;
                default:
                    // A swap to or removal of a version that is not running here: nothing to do.
                    break;
            }
        }
    }

    private enum ChangeKind
    {
        Add,
        Swap,
        Remove,
    }

    private sealed record Change(ChangeKind Kind, string Id, ISymbolPredictor? Predictor, string? Reason);

    private sealed record Shadow(string Id, ISymbolPredictor Predictor)
    {
        public OutcomeTracker Outcomes { get; init; } = new();
    }
}
