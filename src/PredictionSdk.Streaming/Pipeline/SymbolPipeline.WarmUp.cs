namespace PredictionSdk.Streaming;

// Warm-up: the history asked for on the first update, and the updates held until it arrives.
public sealed partial class SymbolPipeline
{
    /// <summary>
    /// Takes the history asked for by <see cref="ProcessAsync"/> (all of it, part of it, or none when it could not be
    /// had): commits it to the indicators and the predictor, predicts from its newest bar, then replays the updates held
    /// meanwhile. Bars outside the asked range, malformed or repeated ones are skipped.
    /// </summary>
    /// <exception cref="InvalidOperationException">No warm-up was pending.</exception>
    public async ValueTask CompleteWarmUpAsync(IReadOnlyList<Candle> history, List<PipelineEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(events);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = _warmUp ?? throw new InvalidOperationException($"{Symbol}: no warm-up is pending; complete one only after ProcessAsync asked for it.");
        _warmUp = null;
        long start = StreamCounters.StageStart();
        var bars = Usable(history, request);
        for (int i = 0; i < bars.Count; i++)
        {
            // Only the newest bar is predicted: the targets of the older ones have already closed.
            Compute(new CandleUpdate(Symbol, Interval, bars[i], IsFinal: true, request.Source.Name), events, predict: i == bars.Count - 1);
        }

        _counters.WarmUp(bars.Count);
        StreamCounters.RecordStage("warm-up", start);
        StreamingLog.WarmedUp(_logger, Symbol, bars.Count, request.Bars, request.Source.Name);
        if (bars.Count > 0)
        {
            _historyEnd = bars[^1];
            foreach (var sequencer in _sequencers.Values)
            {
                sequencer.ContinueAfter(bars[^1]);
            }

            _composite?.ContinueAfter(bars[^1].Timestamp);
        }

        State = SymbolPipelineState.Live;
        var held = _held.ToArray();
        _held.Clear();
        foreach (var (update, source) in held)
        {
            await ProcessLiveAsync(update, source, events, cancellationToken).ConfigureAwait(false);
        }
    }

    private List<Candle> Usable(IReadOnlyList<Candle> history, HistoryRequest request)
    {
        // History is trusted for prices but still checked for shape, range and duplicates.
        var bars = new List<Candle>(history.Count);
        foreach (var bar in history.OrderBy(c => c.Timestamp))
        {
            if (bar.Timestamp >= request.From && bar.Timestamp < request.To && bar.IsConsistent && Interval.IsAligned(bar.Timestamp)
                && (bars.Count == 0 || bar.Timestamp > bars[^1].Timestamp))
            {
                bars.Add(bar);
            }
        }

        return bars;
    }

    private void Hold(in CandleUpdate update, ICandleSource source)
    {
        if (_held.Count >= MaxHeld)
        {
            // A closed bar let go here comes back as a gap the sequencer backfills.
            _held.RemoveAt(0);
        }

        _held.Add((update, source));
    }
}
