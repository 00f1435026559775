using Microsoft.OpenApi;
using PredictionSdk.Server.Live;

namespace PredictionSdk.Server.Api;

/// <summary><c>GET /api/v1/predict/{symbol}</c>: the latest prediction of the live model.</summary>
internal static class PredictEndpoints
{
    public static void MapPredict(this RouteGroupBuilder api) => api.MapGet("/predict/{symbol}", Get)
        .WithSummary("The latest prediction for a symbol: price, direction, calibrated confidence and interval, indicators.")
        .WithQueryParameter("interval", JsonSchemaType.String, "Bar interval of the model (optional; must match it).")
        .WithQueryParameter("horizon", JsonSchemaType.Integer, "Bars ahead; one of the model's horizons (default its first).")
        .Produces<Prediction>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static IResult Get(string symbol, HttpRequest request, ISymbolCatalog catalog, LiveMarket market, IModelCatalog models)
    {
        if (!catalog.TryResolve(symbol, out var resolved))
        {
            return ApiProblems.UnknownSymbol(symbol);
        }

        if (QueryParameters.Single(request, "interval", out string? interval) is { } repeated)
        {
            return repeated;
        }

        if (QueryParameters.Integer(request, "horizon", 1, int.MaxValue, fallback: null, out int? horizon) is { } badHorizon)
        {
            return badHorizon;
        }

        var model = models.For(resolved);
        if (model is null)
        {
            return ApiProblems.NotReady($"No model is loaded for {resolved}; see GET /api/v1/models.");
        }

        if (interval is not null && (!Interval.TryParse(interval, out var parsed) || parsed != model.Interval))
        {
            return ApiProblems.BadParameter("interval", interval, $"The model for {resolved} predicts {model.Interval} bars; use interval={model.Interval}.");
        }

        int h = horizon ?? model.Horizons[0];
        if (!model.Horizons.Contains(h))
        {
            return ApiProblems.BadParameter("horizon", horizon?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"The model for {resolved} predicts horizons {string.Join(", ", model.Horizons)}.");
        }

        return market.LatestPrediction(resolved, h) is { } prediction
            ? Results.Json(prediction, PredictionJsonContext.Default.Prediction)
            : ApiProblems.NotReady($"The model for {resolved} is warming up: no prediction yet (it needs {model.RequiredHistory} closed bars).");
    }
}
