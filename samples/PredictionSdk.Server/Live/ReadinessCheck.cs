using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PredictionSdk.Server.Live;

/// <summary>
/// Ready once a model is loaded, at least one prediction has been made for every served symbol and the prediction source
/// can deliver. A source the stream stopped for malformed data, or history refused for its interval, makes it unhealthy
/// for good, and the answer says which file (line and field, or symbol and intervals); an unreachable cluster makes it
/// unhealthy until the server is connected again.
/// </summary>
internal sealed class ReadinessCheck(ISymbolCatalog symbols, IModelCatalog models, LiveMarket market, IPredictionSource source, HistoryProblems history) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Every cause at once: a refused history file often makes the stream's warm-up fail the same way.
        var stopped = history.All.Select(p => ($"{p.Symbol} history refused: {p.Error.Message}", (Exception?)p.Error))
            .Concat(source.Problems.Select(p => (p.Message, p.Error)))
            .ToArray();
        if (stopped.Length > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Stopped: {string.Join("; ", stopped.Select(s => s.Item1))}", stopped.Select(s => s.Item2).OfType<Exception>().FirstOrDefault()));
        }

        var waiting = symbols.Symbols.Where(s => models.For(s) is not { } model || market.LatestPrediction(s, model.Horizons[0]) is null).ToArray();
        return Task.FromResult(waiting.Length == 0
            ? HealthCheckResult.Healthy($"{symbols.Symbols.Count} symbol(s) predicted; {source.Describe()}")
            : HealthCheckResult.Unhealthy($"Waiting for a model or a first prediction: {string.Join(", ", waiting)}."));
    }

    /// <summary>Writes <c>{"status": …, "description": …}</c>, so a probe (or a person) sees why the server is not ready.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        // Worst check first (Unhealthy < Degraded < Healthy), so the reason a server is not ready leads.
        var descriptions = report.Entries.Values.OrderBy(e => e.Status).Select(e => e.Description).OfType<string>().ToArray();
        string? description = descriptions.Length == 0 ? null : string.Join(" ", descriptions);
        return context.Response.WriteAsJsonAsync(new ReadinessResponse(report.Status.ToString(), description), ApiJson.Options, context.RequestAborted);
    }
}

/// <summary>The <c>/ready</c> answer.</summary>
/// <param name="Status">Healthy or Unhealthy.</param>
/// <param name="Description">What is ready, what is awaited, or what failed.</param>
public sealed record ReadinessResponse(string Status, string? Description);
