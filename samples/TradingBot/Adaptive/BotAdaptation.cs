using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PredictionSdk;
using PredictionSdk.Data.Replay;
using PredictionSdk.Data.Storage.Sqlite;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Streaming;

namespace TradingBot.Adaptive;

/// <summary>
/// Adaptive mode of the bot: the model serves through <see cref="AdaptiveLearning"/> (drift detection, shadow
/// challengers, promotion and rollback), bars the replay hands over are recorded, and challengers are retrained from
/// them on the schedule and on drift (<c>PredictionSdk:Adaptive</c> and <c>Adaptive:Training</c> in appsettings.json).
/// </summary>
public static class BotAdaptation
{
    /// <summary>Registers the loop; call after the replay feed is added. Returns the temporary database to delete at exit, if any.</summary>
    public static string? Add(IPredictionSdkBuilder sdk, IConfiguration configuration, string championPath)
    {
        var training = configuration.GetSection("Adaptive:Training").Get<BotTrainingOptions>() ?? new BotTrainingOptions();
        string? temporary = training.CandleDatabase is null ? Path.Combine(Path.GetTempPath(), $"tradingbot-{Environment.ProcessId}.db") : null;
        string database = training.CandleDatabase ?? temporary!;
        var services = sdk.Services;
        services.AddSingleton(_ => new SqliteCandleStore(database));
        services.AddSingleton(sp => new ReplayRecording(sp.GetRequiredService<SqliteCandleStore>()));
        services.AddSingleton<ICandleStore>(sp => sp.GetRequiredService<ReplayRecording>());
        services.AddSingleton<IChallengerTrainer>(_ => new BotChallengerTrainer(ModelBundle.Load(championPath), training));
        sdk.AddAdaptiveLearning();

        // The stream reads the replay through the recorder, which also holds the replay's clock while a retrain runs;
        // a short input stage keeps the replay only a few bars ahead of the models, so that holding it holds the stream.
        services.PostConfigure<RealTimeStreamOptions>(o => o.Input.Capacity = Math.Min(o.Input.Capacity, 32));
        services.RemoveAll<ICandleSource>();
        services.AddSingleton<ICandleSource>(sp => new RecordingReplaySource(
            sp.GetRequiredService<ReplayCandleSource>(), sp.GetRequiredService<ReplayRecording>(), () => sp.GetRequiredService<AdaptiveLearning>()));
        return temporary;
    }
}
