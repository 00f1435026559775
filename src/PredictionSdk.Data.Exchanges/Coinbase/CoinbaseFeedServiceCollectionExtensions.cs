using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PredictionSdk.Data.Exchanges;
using PredictionSdk.Data.Exchanges.Coinbase;

namespace PredictionSdk;

/// <summary>Registers the Coinbase Advanced Trade feed (trades aggregated into bars).</summary>
public static class CoinbaseFeedServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CoinbaseCandleSource"/> as a singleton, as <see cref="ICandleSource"/> and as the keyed source
    /// <c>"coinbase"</c>; options are validated when the host starts.
    /// </summary>
    public static IPredictionSdkBuilder AddCoinbaseFeed(this IPredictionSdkBuilder builder, Action<CoinbaseFeedOptions>? configure = null) =>
        FeedRegistration.Add(builder, "coinbase", null, configure, Create);

    /// <summary>As <see cref="AddCoinbaseFeed(IPredictionSdkBuilder, Action{CoinbaseFeedOptions})"/>, binding options from <paramref name="section"/> (e.g. <c>PredictionSdk:Feeds:Coinbase</c>) first.</summary>
    public static IPredictionSdkBuilder AddCoinbaseFeed(this IPredictionSdkBuilder builder, IConfiguration section, Action<CoinbaseFeedOptions>? configure = null) =>
        FeedRegistration.Add(builder, "coinbase", section ?? throw new ArgumentNullException(nameof(section)), configure, Create);

    private static CoinbaseCandleSource Create(CoinbaseFeedOptions options, HttpClient http, ILoggerFactory loggers) =>
        new(options, http, loggers.CreateLogger<CoinbaseCandleSource>());
}
