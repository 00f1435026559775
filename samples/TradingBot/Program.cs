// A trading bot in a generic host: the replayed candles of the bundled data flow through the PredictionSdk stream
// (validation, indicators, the ONNX model) and a paper trader acts on each prediction. Runs offline.
//
//   dotnet run --project samples/Quickstart      # once: trains and saves models/btc-hybrid.psdk
//   dotnet run --project samples/TradingBot      # replays January 2024 BTC and ETH minute bars as fast as possible
//
//   dotnet run --project samples/TradingBot -- --adaptive   # the same, with drift detection, retraining and promotion
//
// Settings live in appsettings.json (PredictionSdk:Stream, PredictionSdk:Feeds:Replay, PaperTrading); any of them can be
// overridden on the command line, e.g. --PredictionSdk:Stream:ModelPath=other.psdk --PaperTrading:AllowShort=true.
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PredictionSdk;
using PredictionSdk.Data.Replay;
using PredictionSdk.Data.Storage.Sqlite;
using PredictionSdk.Streaming;
using TradingBot;
using TradingBot.Adaptive;

// --adaptive is a switch, not a setting: taken out before the host reads the command line (or set Adaptive:Enabled=true).
bool adaptive = args.Contains("--adaptive");
args = [.. args.Where(a => a != "--adaptive")];
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
adaptive |= builder.Configuration.GetValue<bool>("Adaptive:Enabled");

string? modelPath = builder.Configuration["PredictionSdk:Stream:ModelPath"];
if (string.IsNullOrEmpty(modelPath))
{
    // --PredictionSdk:Stream:ModelPath= runs the pipeline without a model: candles and indicators, no trades.
    builder.Configuration["PredictionSdk:Stream:ModelPath"] = null;
}
else if (!File.Exists(modelPath))
{
    // Relative paths are tried from the working directory first (where the Quickstart saved it), then next to the bot.
    string beside = Path.Combine(AppContext.BaseDirectory, modelPath);
    if (!File.Exists(beside))
    {
        Console.Error.WriteLine($"No model bundle at '{Path.GetFullPath(modelPath)}'. Train one first: dotnet run --project samples/Quickstart");
        return 1;
    }

    builder.Configuration["PredictionSdk:Stream:ModelPath"] = beside;
}

// Replay file paths in appsettings.json are relative to the bot's folder.
foreach (var file in builder.Configuration.GetSection($"{ReplayOptions.SectionName}:Files").GetChildren())
{
    if (file.Value is { } path && !Path.IsPathRooted(path))
    {
        file.Value = Path.Combine(AppContext.BaseDirectory, path);
    }
}

builder.Services.Configure<PaperTradingOptions>(builder.Configuration.GetSection("PaperTrading"));
var sdk = builder.Services.AddPredictionSdk()
    .AddReplayFeed(builder.Configuration.GetSection(ReplayOptions.SectionName))
    .AddRealTimeStream()
    .AddPredictionHandler<PaperTrader>();
string? championPath = builder.Configuration["PredictionSdk:Stream:ModelPath"];
if (adaptive && championPath is null)
{
    Console.Error.WriteLine("--adaptive needs a model: set PredictionSdk:Stream:ModelPath.");
    return 1;
}

string? temporaryDatabase = adaptive ? BotAdaptation.Add(sdk, builder.Configuration, championPath!) : null;

using var host = builder.Build();
var summary = adaptive ? new AdaptiveSummary(host.Services.GetRequiredService<AdaptiveLearning>(), host.Services.GetServices<IHostedService>().OfType<ChallengerRetrainService>().FirstOrDefault()) : null;
try
{
    await host.StartAsync();
    await host.WaitForShutdownAsync();
}
finally
{
    if (temporaryDatabase is not null)
    {
        // The recorded bars were only for this run's retrains.
        host.Services.GetService<SqliteCandleStore>()?.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(temporaryDatabase);
    }
}

var stream = host.Services.GetRequiredService<RealTimeStream>();
var stats = stream.Statistics;
Console.WriteLine();
Console.WriteLine($"Stream: {stats.CandlesOut} candles, {stats.Predictions} predictions, {stats.TotalDrops} drops, {stats.Rejected} rejected, {stats.Backfilled} backfilled, {stats.Reconnects} reconnects");
foreach (string line in host.Services.GetRequiredService<PaperTrader>().Summary())
{
    Console.WriteLine(line);
}

foreach (string line in summary?.Lines(host.Services.GetRequiredService<IOptions<RealTimeStreamOptions>>().Value.ParsedSymbols) ?? [])
{
    Console.WriteLine(line);
}

return 0;
