using PredictionSdk.Models.Outcomes;

namespace PredictionSdk.Streaming;

/// <summary>
/// Holds one symbol's predictions until their target bar closes, then scores each exactly once with
/// <see cref="OutcomeScorer"/>. The pipeline keeps one for the predictions it serves and each shadow challenger keeps
/// its own, so every consumer of outcomes reads the same scores instead of recomputing them. Not thread-safe: its owner
/// calls it from one thread at a time.
/// </summary>
internal sealed class OutcomeTracker
{
    private readonly List<Prediction> _pending = [];

    /// <summary>Predictions waiting for their target bar.</summary>
    public int Pending => _pending.Count;

    /// <summary>Predictions whose target bar never arrived (a gap the sequencer could not fill), or whose prices could not be scored.</summary>
    public long Unscored { get; private set; }

    /// <summary>Waits for <paramref name="prediction"/>'s target bar; previews are superseded, never scored, so they are ignored.</summary>
    public void Track(Prediction prediction)
    {
        if (!prediction.IsPreview)
        {
            _pending.Add(prediction);
        }
    }

    /// <summary>
    /// The bar <paramref name="closedBar"/> of length <paramref name="interval"/> closed: appends the outcome of every
    /// waiting prediction whose target is its close, and forgets those whose target passed without a bar.
    /// </summary>
    public void Resolve(in Candle closedBar, Interval interval, ICollection<PredictionOutcome> output)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        DateTime close = closedBar.Timestamp + interval.Duration;
        double realized = closedBar.Close;
        int kept = 0;
        for (int i = 0; i < _pending.Count; i++)
        {
            var prediction = _pending[i];
            if (prediction.TargetTime > close)
            {
                _pending[kept++] = prediction;
            }
            else if (prediction.TargetTime < close)
            {
                Unscored++;
            }
            else
            {
                try
                {
                    output.Add(OutcomeScorer.Score(prediction, realized));
                }
                catch (ArgumentException)
                {
                    // A price the scorer refuses (non-positive or non-finite): nothing to learn from this minute.
                    Unscored++;
                }
            }
        }

        _pending.RemoveRange(kept, _pending.Count - kept);
    }

    /// <summary>Forgets every waiting prediction.</summary>
    public void Clear() => _pending.Clear();
}
