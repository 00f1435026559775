using Microsoft.OpenApi;
using PredictionSdk.Data.Resampling;
using PredictionSdk.Indicators;

namespace PredictionSdk.Server.Api;

/// <summary><c>GET /api/v1/candles/{symbol}</c>: recent bars at any supported interval, with RSI, MACD and Bollinger values.</summary>
internal static class CandleEndpoints
{
    // Extra 1-minute bars read so the indicators are past their warm-up at the first returned bar.
    private const int IndicatorWarmUpBars = 60;

    public static void MapCandles(this RouteGroupBuilder api) => api.MapGet("/candles/{symbol}", GetAsync)
        .WithSummary("Recent closed bars of a symbol, resampled from 1-minute bars on UTC boundaries, with indicator values.")
        .WithQueryParameter("interval", JsonSchemaType.String, "Bar interval: 1m, 3m, 5m, 15m, 30m, 1h, 4h or 1d (default 1m).")
        .WithQueryParameter("limit", JsonSchemaType.Integer, "Bars to return, newest last: 1 to Server:MaxLimit (default 500).")
        .Produces<CandlesResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> GetAsync(string symbol, HttpRequest request, ISymbolCatalog catalog, ICandleStore store,
        Microsoft.Extensions.Options.IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        if (!catalog.TryResolve(symbol, out var resolved))
        {
            return ApiProblems.UnknownSymbol(symbol);
        }

        if (QueryParameters.Single(request, "interval", out string? interval) is { } repeated)
        {
            return repeated;
        }

        var target = Interval.OneMinute;
        if (interval is not null && !Interval.TryParse(interval, out target))
        {
            return ApiProblems.BadParameter("interval", interval, "interval must be one of 1m, 3m, 5m, 15m, 30m, 1h, 4h, 1d.");
        }

        if (QueryParameters.Integer(request, "limit", 1, options.Value.MaxLimit, fallback: 500, out int? limit) is { } problem)
        {
            return problem;
        }

        int take = limit!.Value;

        int minutes = (take + IndicatorWarmUpBars) * target.Minutes;
        var oneMinute = await store.GetLatestAsync(resolved, Interval.OneMinute, Math.Min(minutes, 200_000), cancellationToken);
        IReadOnlyList<Candle> bars = target == Interval.OneMinute ? oneMinute : CandleResampler.ResampleCandles(oneMinute, target);
        var rows = WithIndicators(bars);
        return Results.Json(new CandlesResponse(resolved.Value, target.Name, rows.Count > take ? rows.Skip(rows.Count - take).ToArray() : rows), ApiJson.Options);
    }

    internal static IReadOnlyList<CandleRow> WithIndicators(IReadOnlyList<Candle> bars)
    {
        // The same indicator set the live stream reports, run over the stored bars.
        var reported = ReportedIndicators.Create();
        var rows = new CandleRow[bars.Count];
        for (int i = 0; i < bars.Count; i++)
        {
            var c = bars[i];
            rows[i] = new CandleRow(c.Timestamp, c.Open, c.High, c.Low, c.Close, c.Volume, CandleIndicators.From(ReportedIndicators.Read(reported.Add(c))));
        }

        return rows;
    }
}

/// <summary>Candles answer.</summary>
public sealed record CandlesResponse(string Symbol, string Interval, IReadOnlyList<CandleRow> Candles);

/// <summary>One bar with its indicator values.</summary>
public sealed record CandleRow(DateTime Timestamp, double Open, double High, double Low, double Close, double Volume, CandleIndicators Indicators);

/// <summary>Indicator values of one bar; null during warm-up.</summary>
public sealed record CandleIndicators(double? Rsi14, double? Macd, double? MacdSignal, double? MacdHist, double? BbUpper, double? BbMiddle, double? BbLower)
{
    /// <summary>The answer's shape of the SDK's reported indicators.</summary>
    public static CandleIndicators From(ReportedIndicatorValues v) =>
        new(v.Rsi, v.Macd, v.MacdSignal, v.MacdHistogram, v.BollingerUpper, v.BollingerMiddle, v.BollingerLower);
}
