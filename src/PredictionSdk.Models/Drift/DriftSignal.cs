namespace PredictionSdk.Models.Drift;

/// <summary>The streams a <see cref="DriftMonitor"/> can watch (flags: options combine them, events name one).</summary>
[Flags]
public enum DriftSignal
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><see cref="PredictionOutcome.DirectionLogLoss"/>, per symbol and horizon (flat moves skipped).</summary>
    DirectionLogLoss = 1,

    /// <summary><see cref="PredictionOutcome.ScaledPinballLoss"/> (pinball loss of the interval quantiles over the interval width), per symbol and horizon.</summary>
    PinballLoss = 2,

    /// <summary><see cref="PredictionOutcome.IntervalMiss"/> as 0/1, per symbol and horizon.</summary>
    IntervalMiss = 4,

    /// <summary>PSI of an input feature's distribution, per symbol and feature (horizon 0).</summary>
    FeaturePsi = 8,

    /// <summary>The three loss streams.</summary>
    Losses = DirectionLogLoss | PinballLoss | IntervalMiss,

    /// <summary>Everything.</summary>
    All = Losses | FeaturePsi,
}

/// <summary>Change detectors a <see cref="DriftMonitor"/> runs on each loss stream (flags).</summary>
[Flags]
public enum DriftDetectorKinds
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><see cref="Drift.Adwin"/>.</summary>
    Adwin = 1,

    /// <summary><see cref="Drift.PageHinkley"/>.</summary>
    PageHinkley = 2,

    /// <summary>Both.</summary>
    All = Adwin | PageHinkley,
}

/// <summary>One monitored stream: a symbol, a horizon (0 for features), a signal and, for <see cref="DriftSignal.FeaturePsi"/>, the feature.</summary>
/// <param name="Symbol">Instrument.</param>
/// <param name="Horizon">Bars ahead of the predictions scored; 0 for input features.</param>
/// <param name="Signal">What is watched (a single flag).</param>
/// <param name="Feature">Feature name for <see cref="DriftSignal.FeaturePsi"/>; null otherwise.</param>
public readonly record struct DriftStream(Symbol Symbol, int Horizon, DriftSignal Signal, string? Feature = null);

/// <summary>A detected change, with the numbers behind it.</summary>
/// <param name="Stream">Where: symbol, horizon, signal, feature.</param>
/// <param name="Detector">Which method (<c>adwin</c>, <c>page-hinkley</c>, <c>psi</c>).</param>
/// <param name="Direction">Whether the watched value rose or fell.</param>
/// <param name="Statistic">The test statistic that crossed its threshold (see <see cref="DriftDetectorState.Statistic"/>).</param>
/// <param name="Threshold">The threshold it crossed.</param>
/// <param name="Estimate">The detector's level estimate after the change (ADWIN: mean of the kept window; NaN for Page–Hinkley, which restarts, and PSI).</param>
/// <param name="BarTime">The bar whose observation raised the alarm: a scored prediction's target time (the bar's close), or the bar time given with a feature value.</param>
/// <param name="Observations">Observations the detector had seen, this one included.</param>
/// <param name="ModelVersion">The model whose outcome raised the alarm (null for features).</param>
public sealed record DriftEvent(
    DriftStream Stream,
    string Detector,
    ChangeDirection Direction,
    double Statistic,
    double Threshold,
    double Estimate,
    DateTime BarTime,
    long Observations,
    string? ModelVersion)
{
    /// <summary>Instrument.</summary>
    public Symbol Symbol => Stream.Symbol;

    /// <summary>Bars ahead (0 for features).</summary>
    public int Horizon => Stream.Horizon;

    /// <summary>What was watched.</summary>
    public DriftSignal Signal => Stream.Signal;
}

/// <summary>One detector's state in a <see cref="DriftMonitor"/>.</summary>
/// <param name="Stream">The stream it watches.</param>
/// <param name="Detector">Its method.</param>
/// <param name="State">Its statistic, threshold, estimate and counts.</param>
public sealed record DriftDetectorSnapshot(DriftStream Stream, string Detector, DriftDetectorState State);
