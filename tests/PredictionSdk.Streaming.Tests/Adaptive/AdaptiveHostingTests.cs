using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

[Collection(nameof(ModelStageTests))]
public class AdaptiveHostingTests
{
    private static readonly string Bundle = Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk");

    private static IHost Build(Dictionary<string, string?> settings, Action<AdaptiveLearningOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<ICandleSource>(new GeneratedSource(400));
        builder.Services.AddPredictionSdk().AddRealTimeStream(o => o.ModelPath = Bundle).AddAdaptiveLearning(configure);
        return builder.Build();
    }

    [Fact]
    public async Task Host_start_fails_naming_each_bad_adaptive_setting_and_a_schedule_without_a_trainer()
    {
        using var host = Build(
            new() { ["PredictionSdk:Symbols:0"] = "BTC-USD", ["PredictionSdk:Adaptive:EvaluateEvery"] = "0" },
            o => o.Retrain.Every = TimeSpan.FromHours(6));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("PredictionSdk:Adaptive:EvaluateEvery must be 1 or more (was 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retrain:Every is set but no IChallengerTrainer is registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosted_stream_serves_through_the_loop_which_observes_every_outcome()
    {
        using var host = Build(new() { ["PredictionSdk:Symbols:0"] = "BTC-USD", ["PredictionSdk:Symbols:1"] = "ETH-USD", ["PredictionSdk:Stream:StopHostWhenComplete"] = "true" });
        var stream = host.Services.GetRequiredService<RealTimeStream>();
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        var outcomes = StreamFactory.CollectAsync(stream.ReadOutcomesAsync());

        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var learning = host.Services.GetRequiredService<AdaptiveLearning>();
        var served = await predictions;
        Assert.NotEmpty(served);
        Assert.All(served, p => Assert.Equal("btc-tiny-hybrid", p.ModelVersion));
        Assert.Equal("btc-tiny-hybrid", learning.ChampionOf(Symbol.Parse("ETH-USD")));

        // The drift monitor saw the same outcomes the readers did: one stream per symbol, horizon and loss signal.
        Assert.NotEmpty(await outcomes);
        var streams = learning.Drift.Snapshot().Select(s => (s.Stream.Symbol, s.Stream.Horizon)).Distinct().ToList();
        Assert.Equal(4, streams.Count);
    }
}
