using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PredictionSdk.Data.Exchanges;
using PredictionSdk.Data.Exchanges.Kraken;

namespace PredictionSdk;

/// <summary>Registers the Kraken WebSocket v2 OHLC feed.</summary>
public static class KrakenFeedServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="KrakenCandleSource"/> as a singleton, as <see cref="ICandleSource"/> and as the keyed source
    /// <c>"kraken"</c>; options are validated when the host starts.
    /// </summary>
    public static IPredictionSdkBuilder AddKrakenFeed(this IPredictionSdkBuilder builder, Action<KrakenFeedOptions>? configure = null) =>
        FeedRegistration.Add(builder, "kraken", null, configure, Create);

    /// <summary>As <see cref="AddKrakenFeed(IPredictionSdkBuilder, Action{KrakenFeedOptions})"/>, binding options from <paramref name="section"/> (e.g. <c>PredictionSdk:Feeds:Kraken</c>) first.</summary>
    public static IPredictionSdkBuilder AddKrakenFeed(this IPredictionSdkBuilder builder, IConfiguration section, Action<KrakenFeedOptions>? configure = null) =>
        FeedRegistration.Add(builder, "kraken", section ?? throw new ArgumentNullException(nameof(section)), configure, Create);

    private static KrakenCandleSource Create(KrakenFeedOptions options, HttpClient http, ILoggerFactory loggers) =>
        new(options, http, loggers.CreateLogger<KrakenCandleSource>());
}
