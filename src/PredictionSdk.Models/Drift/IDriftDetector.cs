namespace PredictionSdk.Models.Drift;

/// <summary>Which way a detected change moved the monitored value.</summary>
public enum ChangeDirection
{
    /// <summary>No change detected at this observation.</summary>
    None = 0,

    /// <summary>The value's level rose (for a loss: the model got worse; for PSI: the distribution moved away).</summary>
    Increase = 1,

    /// <summary>The value's level fell (for a loss: the model got better).</summary>
    Decrease = -1,
}

/// <summary>
/// A change detector over one stream of numbers (a loss, a miss indicator, a feature). Feed it one observation at a
/// time; it says when the stream's distribution has changed. Not thread-safe: one detector per stream, fed in order.
/// </summary>
public interface IDriftDetector
{
    /// <summary>Short name of the method, e.g. <c>adwin</c>, <c>page-hinkley</c>, <c>psi</c>.</summary>
    string Name { get; }

    /// <summary>The detector's state after the last observation, for metrics and logs.</summary>
    DriftDetectorState State { get; }

    /// <summary>Adds one observation; returns the direction of a change detected at it, or <see cref="ChangeDirection.None"/>.</summary>
    /// <remarks>Non-finite values are ignored (they are counted in <see cref="DriftDetectorState.Ignored"/>).</remarks>
    ChangeDirection Update(double value);

    /// <summary>Forgets everything, as if newly created (e.g. after the model it watches was replaced).</summary>
    void Reset();
}

/// <summary>A detector's state: its test statistic beside the threshold it is compared with.</summary>
/// <param name="Observations">Finite observations added since creation or <see cref="IDriftDetector.Reset"/>.</param>
/// <param name="Ignored">Non-finite observations skipped.</param>
/// <param name="Detections">Changes detected since creation or reset.</param>
/// <param name="Statistic">The test statistic at the last check (ADWIN: |μ̂₀ − μ̂₁| of the most significant split; Page–Hinkley: m_T − M_T; PSI: the index).</param>
/// <param name="Threshold">What <paramref name="Statistic"/> must exceed for an alarm at that check (ADWIN: ε_cut of that split; Page–Hinkley: λ; PSI: the alarm level).</param>
/// <param name="Estimate">The detector's current estimate of the stream's level (ADWIN: window mean; Page–Hinkley: running mean; PSI: NaN).</param>
/// <param name="WindowLength">Observations the current estimate rests on (ADWIN: window width; Page–Hinkley: since the last reset or alarm; PSI: the sliding window's fill).</param>
public readonly record struct DriftDetectorState(long Observations, long Ignored, long Detections, double Statistic, double Threshold, double Estimate, long WindowLength);
