namespace PredictionSdk.Indicators;

/// <summary>Where a volume-weighted average price restarts its running sums.</summary>
public enum VwapAnchor
{
    /// <summary>Anchored at the first bar (or at the start date given): one running average.</summary>
    FirstBar,

    /// <summary>Session VWAP: restarts with the first bar of every UTC calendar day.</summary>
    UtcDay,
}
