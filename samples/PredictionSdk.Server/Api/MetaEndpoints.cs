namespace PredictionSdk.Server.Api;

/// <summary><c>/api/v1/symbols</c> and <c>/api/v1/models</c>.</summary>
internal static class MetaEndpoints
{
    public static void MapMeta(this RouteGroupBuilder api)
    {
        api.MapGet("/symbols", (ISymbolCatalog catalog, IModelCatalog models) => Results.Json(new SymbolsResponse(catalog.Symbols
                .Select(s => new SymbolInfo(s.Value, s.AssetClass == AssetClass.Crypto ? "crypto" : "stock", models.For(s)?.Interval.Name))
                .ToArray()), ApiJson.Options))
            .WithSummary("Symbols served, with their asset class and the interval of their model.")
            .Produces<SymbolsResponse>();

        api.MapGet("/models", (IModelCatalog models) => Results.Json(new ModelsResponse(models.All), ApiJson.Options))
            .WithSummary("Loaded model bundles: version, type, horizons and the metrics measured when they were trained.")
            .Produces<ModelsResponse>();
    }
}

/// <summary>Symbols answer.</summary>
public sealed record SymbolsResponse(IReadOnlyList<SymbolInfo> Symbols);

/// <summary>One served symbol.</summary>
public sealed record SymbolInfo(string Symbol, string AssetClass, string? Interval);

/// <summary>Models answer.</summary>
public sealed record ModelsResponse(IReadOnlyList<ModelInfo> Models);
