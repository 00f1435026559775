using Microsoft.OpenApi;

namespace PredictionSdk.Server.Api;

/// <summary><c>GET /api/v1/history/{symbol}</c>: past predictions with their realised outcome once known.</summary>
internal static class HistoryEndpoints
{
    public static void MapHistory(this RouteGroupBuilder api) => api.MapGet("/history/{symbol}", GetAsync)
        .WithSummary("Past predictions of a symbol, newest first, with the realised price once the target bar has closed.")
        .WithQueryParameter("start_date", JsonSchemaType.String, "Earliest prediction time, ISO-8601 date or date-time (UTC unless an offset is given).")
        .WithQueryParameter("end_date", JsonSchemaType.String, "Prediction times before this, ISO-8601 date or date-time.")
        .WithQueryParameter("limit", JsonSchemaType.Integer, "Predictions to return, newest first: 1 to Server:MaxLimit (default 100).")
        .Produces<HistoryResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> GetAsync(string symbol, HttpRequest request, ISymbolCatalog catalog, IPredictionStore store, Microsoft.Extensions.Options.IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        if (!catalog.TryResolve(symbol, out var resolved))
        {
            return ApiProblems.UnknownSymbol(symbol);
        }

        if (QueryParameters.Single(request, "start_date", out string? start_date) is { } repeatedStart)
        {
            return repeatedStart;
        }

        if (QueryParameters.Single(request, "end_date", out string? end_date) is { } repeatedEnd)
        {
            return repeatedEnd;
        }

        if (!ApiProblems.TryParseDate(start_date, out var from))
        {
            return ApiProblems.BadParameter("start_date", start_date, "start_date must be an ISO-8601 date or date-time, e.g. 2024-01-02 or 2024-01-02T10:00:00Z.");
        }

        if (!ApiProblems.TryParseDate(end_date, out var to))
        {
            return ApiProblems.BadParameter("end_date", end_date, "end_date must be an ISO-8601 date or date-time, e.g. 2024-01-03 or 2024-01-03T10:00:00Z.");
        }

        if (from is { } f && to is { } t && f >= t)
        {
            return ApiProblems.BadParameter("end_date", end_date, "end_date must be after start_date.");
        }

        if (QueryParameters.Integer(request, "limit", 1, options.Value.MaxLimit, fallback: 100, out int? limit) is { } problem)
        {
            return problem;
        }

        var records = await store.GetHistoryAsync(resolved, from, to, limit!.Value, cancellationToken);
        return Results.Json(new HistoryResponse(resolved.Value, records.Count, records.Select(HistoryItem.From).ToArray()), ApiJson.Options);
    }
}

/// <summary>History answer.</summary>
public sealed record HistoryResponse(string Symbol, int Count, IReadOnlyList<HistoryItem> Predictions);

/// <summary>One past prediction (in the SDK's prediction contract) and its outcome once the target bar has closed.</summary>
public sealed record HistoryItem(Prediction Prediction, double? ActualPrice, bool? DirectionHit, bool? WithinInterval)
{
    internal static HistoryItem From(PredictionRecord r) => new(r.Prediction, r.ActualPrice, r.DirectionHit, r.WithinInterval);
}
