namespace PredictionSdk.Models.Drift;

/// <summary>Names of the drift monitor's metrics, for OpenTelemetry or <c>dotnet-counters</c>.</summary>
/// <remarks>
/// Instruments (tags: <c>symbol</c>, <c>horizon</c>, <c>signal</c>, <c>detector</c>, and <c>feature</c> for PSI):
/// <c>psdk.drift.statistic</c> and <c>psdk.drift.threshold</c> (gauges: each detector's test statistic beside its
/// threshold), <c>psdk.drift.estimate</c> (gauge: the level estimate), <c>psdk.drift.window</c> (gauge: observations
/// the estimate rests on) and <c>psdk.drift.alarms</c> (counter: events raised).
/// </remarks>
public static class DriftTelemetry
{
    /// <summary>Name of the meter: <c>PredictionSdk.Drift</c>.</summary>
    public const string MeterName = "PredictionSdk.Drift";
}
