using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PredictionSdk.Server.Live;

/// <summary>Ready once a model is loaded and at least one prediction has been made for every served symbol.</summary>
internal sealed class ReadinessCheck(ISymbolCatalog symbols, IModelCatalog models, LiveMarket market) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = symbols.Symbols.Where(s => models.For(s) is not { } model || market.LatestPrediction(s, model.Horizons[0]) is null).ToArray();
        return Task.FromResult(waiting.Length == 0
            ? HealthCheckResult.Healthy($"{symbols.Symbols.Count} symbol(s) predicted; {market.CandleCount} bars received.")
            : HealthCheckResult.Unhealthy($"Waiting for a model or a first prediction: {string.Join(", ", waiting)}."));
    }
}
