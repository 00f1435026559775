using PredictionSdk.Server.Api;
using PredictionSdk.Streaming;

namespace PredictionSdk.Server.Adaptive;

/// <summary>
/// <c>/api/v1/models/live</c>: which model version serves each symbol (and the challenger in shadow when adaptive
/// learning is on), and every version's live scores. <see cref="Add"/> registers the scoreboard, and the adaptation loop
/// when <c>PredictionSdk:Adaptive:Enabled</c> is true.
/// </summary>
internal static class AdaptiveEndpoints
{
    public static void Add(IPredictionSdkBuilder sdk, IConfiguration configuration)
    {
        sdk.Services.AddSingleton<VersionScoreboard>();
        sdk.Services.AddSingleton<IOutcomeObserver>(sp => sp.GetRequiredService<VersionScoreboard>());
        if (configuration.GetValue<bool>("PredictionSdk:Adaptive:Enabled"))
        {
            // Drift detection, shadow challengers added by code or a registered trainer, promotion and rollback.
            sdk.AddAdaptiveLearning();
        }
    }

    public static void MapAdaptive(this RouteGroupBuilder api)
    {
        api.MapGet("/models/live", (VersionScoreboard board, ISymbolCatalog symbols, IServiceProvider services) =>
            {
                var learning = services.GetService<AdaptiveLearning>();
                var (scores, serving) = board.Snapshot();
                var rows = symbols.Symbols.Select(s => new ServingInfo(
                    s.Value,
                    learning?.ChampionOf(s) ?? serving.GetValueOrDefault(s),
                    learning?.ChallengerOf(s))).ToArray();
                return Results.Json(new LiveModelsResponse(learning is not null, rows, scores), ApiJson.Options);
            })
            .WithSummary("Which model version serves each symbol, the challenger in shadow, and every version's live scores.")
            .Produces<LiveModelsResponse>();
    }
}

/// <summary>Live models answer.</summary>
/// <param name="Adaptive">Whether the adaptation loop (drift, challengers, promotion) runs.</param>
/// <param name="Symbols">Version serving each symbol.</param>
/// <param name="Scores">Live scores per version, symbol and horizon.</param>
public sealed record LiveModelsResponse(bool Adaptive, IReadOnlyList<ServingInfo> Symbols, IReadOnlyList<VersionScore> Scores);

/// <summary>The version serving one symbol.</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="ModelVersion">Version serving it (null before its first scored prediction without adaptation).</param>
/// <param name="Challenger">Version in shadow, if any.</param>
public sealed record ServingInfo(string Symbol, string? ModelVersion, string? Challenger);
