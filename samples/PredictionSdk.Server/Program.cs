using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PredictionSdk;
using PredictionSdk.Server;
using PredictionSdk.Server.Adaptive;
using PredictionSdk.Server.Api;
using PredictionSdk.Server.Cluster;
using PredictionSdk.Server.Diagnostics;
using PredictionSdk.Server.External;
using PredictionSdk.Server.Hub;
using PredictionSdk.Server.Live;
using PredictionSdk.Server.Security;

// Content (dashboard, data, models) is served from the server's own folder, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

// The SDK, through DI only: shared options, and one prediction source: by default the replay feed of bundled data
// (or exchange feeds by configuration) and the real-time stream with its model; with Server:Cluster:Mode = Client, the
// symbol grains of an Orleans cluster. Either feeds the same recorder, endpoints and WebSocket.
builder.Services.AddOptions<ServerOptions>().Bind(builder.Configuration.GetSection(ServerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.Configure<PredictionSdkOptions>(builder.Configuration.GetSection(PredictionSdkOptions.SectionName));
var cluster = ServerStartup.AddClusterOptions(builder.Services, builder.Configuration);
// Hosted services start in registration order: history first, then the taps on the source, then the source itself.
builder.Services.AddHostedService<HistoryLoader>();
builder.Services.AddSingleton<PredictionRecorder>();
builder.Services.AddSingleton<CandleRecorder>();
builder.Services.AddHostedService<PredictionFeed>();
var sdk = builder.Services.AddPredictionSdk();
if (cluster.IsClient)
{
    sdk.AddConfiguredExternalSeries();
    builder.Services.AddClusterPredictionSource(builder.Configuration);
}
else
{
    builder.Services.AddHostedService<StreamBridge>();
    sdk.AddReplayFeed(builder.Configuration.GetSection("PredictionSdk:Feeds:Replay"), ServerStartup.ReplayAfterHistory(builder.Configuration))
        .AddConfiguredExternalSeries()
        .AddRealTimeStream(o => o.ModelPath = ServerStartup.ResolveModelPath(o.ModelPath));
    builder.Services.AddSingleton<IPredictionSource, LocalStreamSource>();
}

AdaptiveEndpoints.Add(sdk, builder.Configuration);
ServerStorage.Add(builder.Services);
builder.Services.AddSingleton<ServerMetrics>();
builder.Services.AddSingleton<StreamHub>();
builder.Services.AddSingleton<LiveMarket>();
builder.Services.AddSingleton<HistoryProblems>();
builder.Services.AddSingleton<ISymbolCatalog>(sp => new SymbolCatalog(sp.GetRequiredService<IOptions<PredictionSdkOptions>>().Value.ParsedSymbols));
builder.Services.AddSingleton<IModelCatalog>(sp => ServerStartup.LoadModels(sp));

builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("model-and-data", tags: ["ready"]);
builder.Services.AddApiKeyUrlRedaction();
builder.Services.AddServerRateLimits();
builder.Services.AddSingleton<FailedKeyLimiter>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
// The limiter runs before the key check, so requests with a wrong key count against it too.
app.UseRateLimiter();
app.UseMiddleware<ApiKeyMiddleware>();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
app.UseDefaultFiles();
app.UseStaticFiles();

var api = app.MapGroup("/api/v1").RequireRateLimiting(RateLimits.Policy);
api.MapPredict();
api.MapHistory();
api.MapCandles();
api.MapMeta();
api.MapExternalSeries();
api.MapAdaptive();
app.MapStreamSocket().RequireRateLimiting(RateLimits.Policy);
app.MapOpenApi("/openapi/v1.json");
app.MapHealthChecks("/health", new() { Predicate = _ => false });
app.MapHealthChecks("/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = ReadinessCheck.WriteAsync });

await app.RunAsync();

/// <summary>Entry point, visible to the API tests.</summary>
public partial class Program;
