using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PredictionSdk.Server.External;

/// <summary>
/// Part of <c>/ready</c>: unhealthy while a series the model reads is not configured, failed to load, or is stale
/// as of the newest bar (the model then refuses to predict); a stale series the model may do without is named but
/// does not make the server unready.
/// </summary>
internal sealed class ExternalSeriesCheck(ExternalSeriesBoard board) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = board.Snapshot();
        if (states.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var problems = states.Where(s => s.Error is not null).Select(s => $"external series '{s.Name}': {s.Error}")
            .Concat(states.Where(s => s.Stale == true && !s.AllowMissing).Select(s => $"external series '{s.Name}' is stale: {Age(s)}, max {s.MaxAge!.Value.TotalMinutes:0.#} min"))
            .ToArray();
        if (problems.Length > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(string.Join("; ", problems)));
        }

        return Task.FromResult(HealthCheckResult.Healthy("External series: " + string.Join(", ", states.Select(s =>
            $"{s.Name} {Age(s)}{(s.Stale == true ? " (stale; predicting without it)" : string.Empty)}"))));
    }

    private static string Age(ExternalSeriesState s) => s.AgeMinutes is { } minutes
        ? string.Create(CultureInfo.InvariantCulture, $"latest public value {minutes:0.#} min old at {s.AsOf:yyyy-MM-ddTHH:mm:ssZ}")
        : s.AsOf is null ? $"{s.Observations} observations, no bar yet" : "no public value yet";
}
