using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace PredictionSdk.Orleans.Tests;

/// <summary>What crosses the cluster and what a silo refuses to start with.</summary>
public sealed class WireAndOptionsTests
{
    [Fact]
    public void Predictions_and_candle_updates_round_trip_through_the_cluster_serializer()
    {
        using var services = new ServiceCollection().AddSerializer(s => s.AddPredictionSdkTypes()).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var prediction = new Prediction
        {
            Symbol = Symbol.Parse("ETH-USDT"),
            Timestamp = new DateTime(2024, 1, 2, 3, 4, 0, DateTimeKind.Utc),
            TargetTime = new DateTime(2024, 1, 2, 3, 10, 0, DateTimeKind.Utc),
            Horizon = 5,
            Interval = Interval.OneMinute,
            CurrentPrice = 2345.5,
            PredictedPrice = 2350.25,
            Direction = Direction.Up,
            Confidence = 0.61,
            Lower = 2330,
            Upper = 2371,
            Indicators = new TechnicalIndicators(55.5, 1.25, 2400, 2300),
            ModelVersion = "test-1",
            IsPreview = true,
        };
        var item = new PredictionStreamItem { Symbol = "ETH-USDT", Predictions = [prediction] };

        var copy = serializer.Deserialize<PredictionStreamItem>(serializer.SerializeToArray(item))!;

        var back = Assert.Single(copy.Predictions);
        Assert.Equal(prediction, back with { Indicators = prediction.Indicators });
        Assert.Equal(prediction.Indicators, back.Indicators);
        Assert.Equal(DateTimeKind.Utc, back.Timestamp.Kind);

        var update = new CandleUpdate(Symbol.Parse("QQQ"), Interval.FiveMinutes, new Candle(prediction.Timestamp, 1, 2, 0.5, 1.5, 100), true, "replay");
        Assert.Equal(update, serializer.Deserialize<CandleUpdate>(serializer.SerializeToArray(update)));
    }

    [Fact]
    public async Task A_silo_with_invalid_options_fails_at_start_naming_each_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: 22111, gatewayPort: 32111)
            .AddPredictionSdk(o =>
            {
                o.ModelPath = "/nonexistent/model.psdk";
                o.SymbolsPerConnection = 0;
                o.Pipeline.ReorderWindow = -1;
            }));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("PredictionSdk:Cluster:ModelPath '/nonexistent/model.psdk' does not exist.", error.Message);
        Assert.Contains("PredictionSdk:Cluster:SymbolsPerConnection must be 1 or more (was 0).", error.Message);
        Assert.Contains("PredictionSdk:Cluster:Pipeline:ReorderWindow must be 0 or more (was -1).", error.Message);
    }
}
