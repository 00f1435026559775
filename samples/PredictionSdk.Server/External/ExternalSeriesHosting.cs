using Microsoft.Extensions.Options;

namespace PredictionSdk.Server.External;

/// <summary>Wires the configured external series into the server: settings, loader and poller, board, readiness, endpoint.</summary>
internal static class ExternalSeriesHosting
{
    /// <summary>
    /// Binds <c>PredictionSdk:ExternalSeries</c> (validated at start, each problem naming its series) and registers the
    /// service that loads and polls the series. Call before <c>AddRealTimeStream</c>, so files are loaded before the first bar.
    /// </summary>
    public static IPredictionSdkBuilder AddConfiguredExternalSeries(this IPredictionSdkBuilder builder)
    {
        builder.Services.AddOptions<ExternalSeriesServerOptions>()
            .Configure<IConfiguration>((o, configuration) => configuration.GetSection(ExternalSeriesServerOptions.SectionName).Bind(o.Series))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ExternalSeriesServerOptions>, SettingsValidator>();
        builder.Services.AddSingleton<ExternalSeriesBoard>();
        builder.Services.AddHostedService<ExternalSeriesService>();
        builder.Services.AddHealthChecks().AddCheck<ExternalSeriesCheck>("external-series", tags: ["ready"]);
        return builder;
    }

    /// <summary><c>GET /api/v1/external</c>: each series' source, observations and age as of the newest bar.</summary>
    public static void MapExternalSeries(this RouteGroupBuilder api) =>
        api.MapGet("/external", (ExternalSeriesBoard board) => Results.Json(new ExternalSeriesResponse(board.Snapshot()), ApiJson.Options))
            .WithSummary("External series: where each is read from, whether the model reads it, and the age of its latest public value as of the newest bar.")
            .Produces<ExternalSeriesResponse>();

    private sealed class SettingsValidator : IValidateOptions<ExternalSeriesServerOptions>
    {
        public ValidateOptionsResult Validate(string? name, ExternalSeriesServerOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}

/// <summary>External series answer.</summary>
public sealed record ExternalSeriesResponse(IReadOnlyList<ExternalSeriesState> Series);
