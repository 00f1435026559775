namespace PredictionSdk.Streaming;

/// <summary>
/// Told of each served prediction's <see cref="PredictionOutcome"/> once, when its target bar closes, on the thread
/// that runs the <see cref="SymbolPipeline"/> and before the next bar is processed. Drift monitors, scoreboards and the
/// champion/challenger loop subscribe here (<see cref="SymbolPipeline.OutcomeObservers"/>) or through
/// <see cref="RealTimeStream.OnOutcome"/>; keep the work short, it delays the symbol's next bar.
/// </summary>
public interface IOutcomeObserver
{
    /// <summary>One prediction's outcome.</summary>
    void OnOutcome(in PredictionOutcome outcome);
}
