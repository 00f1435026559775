using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

public class HostingTests
{
    private sealed class CountingHandler : IPredictionHandler
    {
        public int Count;

        public ValueTask HandleAsync(Prediction prediction, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return ValueTask.CompletedTask;
        }
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        extra?.Invoke(builder.Services);
        builder.Services.AddPredictionSdk().AddRealTimeStream().AddPredictionHandler<CountingHandler>();
        return builder.Build();
    }

    [Fact]
    public async Task Host_start_fails_with_a_message_naming_each_bad_setting()
    {
        using var host = Build(
            new() { ["PredictionSdk:Stream:Symbols:0"] = "BTC-USD", ["PredictionSdk:Stream:WorkerCount"] = "0", ["PredictionSdk:Stream:Input:Capacity"] = "-5" },
            s => s.AddSingleton<ICandleSource>(new GeneratedSource(1)));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("PredictionSdk:Stream:WorkerCount must be 1 or more (was 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("PredictionSdk:Stream:Input:Capacity must be 1 or more (was -5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_start_without_a_source_says_so()
    {
        using var host = Build(new() { ["PredictionSdk:Symbols:0"] = "BTC-USD" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("No ICandleSource is registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosted_stream_uses_shared_symbols_runs_the_handlers_and_stops_the_host_when_the_replay_ends()
    {
        using var host = Build(
            new() { ["PredictionSdk:Symbols:0"] = "BTC-USD", ["PredictionSdk:Symbols:1"] = "ETH-USD", ["PredictionSdk:Stream:StopHostWhenComplete"] = "true", ["PredictionSdk:Stream:WorkerCount"] = "2" },
            s =>
            {
                s.AddSingleton<ICandleSource>(new GeneratedSource(30));
                s.AddSingleton<SymbolPredictorFactory>((symbol, _) => new FakePredictor(symbol));
            });

        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var stream = host.Services.GetRequiredService<RealTimeStream>();
        Assert.Equal(["BTC-USD", "ETH-USD"], stream.Symbols.Select(s => s.Value));
        Assert.Equal(60, host.Services.GetRequiredService<CountingHandler>().Count);
        Assert.Equal(60, stream.Statistics.Predictions);
        Assert.True(stream.Completion.IsCompletedSuccessfully);
    }
}
