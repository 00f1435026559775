using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PredictionSdk.Data.Exchanges;
using PredictionSdk.Data.Exchanges.Alpaca;

namespace PredictionSdk;

/// <summary>Registers the Alpaca stock minute-bar feed.</summary>
public static class AlpacaFeedServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AlpacaCandleSource"/> as a singleton, as <see cref="ICandleSource"/> and as the keyed source
    /// <c>"alpaca"</c>; options are validated when the host starts.
    /// </summary>
    public static IPredictionSdkBuilder AddAlpacaFeed(this IPredictionSdkBuilder builder, Action<AlpacaFeedOptions>? configure = null) =>
        FeedRegistration.Add(builder, "alpaca", null, configure, Create);

    /// <summary>As <see cref="AddAlpacaFeed(IPredictionSdkBuilder, Action{AlpacaFeedOptions})"/>, binding options from <paramref name="section"/> (e.g. <c>PredictionSdk:Feeds:Alpaca</c>) first.</summary>
    public static IPredictionSdkBuilder AddAlpacaFeed(this IPredictionSdkBuilder builder, IConfiguration section, Action<AlpacaFeedOptions>? configure = null) =>
        FeedRegistration.Add(builder, "alpaca", section ?? throw new ArgumentNullException(nameof(section)), configure, Create);

    private static AlpacaCandleSource Create(AlpacaFeedOptions options, HttpClient http, ILoggerFactory loggers) =>
        new(options, http, loggers.CreateLogger<AlpacaCandleSource>());
}
