using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PredictionSdk.Data.Exchanges;
using PredictionSdk.Data.Exchanges.Binance;

namespace PredictionSdk;

/// <summary>Registers the Binance spot kline feed.</summary>
public static class BinanceFeedServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="BinanceCandleSource"/> as a singleton, as <see cref="ICandleSource"/> and as the keyed source
    /// <c>"binance"</c>; options are validated when the host starts.
    /// </summary>
    public static IPredictionSdkBuilder AddBinanceFeed(this IPredictionSdkBuilder builder, Action<BinanceFeedOptions>? configure = null) =>
        FeedRegistration.Add(builder, "binance", null, configure, Create);

    /// <summary>As <see cref="AddBinanceFeed(IPredictionSdkBuilder, Action{BinanceFeedOptions})"/>, binding options from <paramref name="section"/> (e.g. <c>PredictionSdk:Feeds:Binance</c>) first.</summary>
    public static IPredictionSdkBuilder AddBinanceFeed(this IPredictionSdkBuilder builder, IConfiguration section, Action<BinanceFeedOptions>? configure = null) =>
        FeedRegistration.Add(builder, "binance", section ?? throw new ArgumentNullException(nameof(section)), configure, Create);

    private static BinanceCandleSource Create(BinanceFeedOptions options, HttpClient http, ILoggerFactory loggers) =>
        new(options, http, loggers.CreateLogger<BinanceCandleSource>());
}
