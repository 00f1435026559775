using System.Diagnostics;

namespace PredictionSdk.Models.Bundles;

/// <summary>The activity source bundle loading reports to (one <c>bundle.load</c> activity per file read).</summary>
internal static class BundleTelemetry
{
    public const string Name = "PredictionSdk.Models";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(BundleTelemetry).Assembly.GetName().Version?.ToString());
}
