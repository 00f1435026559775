namespace PredictionSdk.Data.Exchanges.Binance;

/// <summary>How the Binance adapter subscribes.</summary>
public enum BinanceSubscriptionMode
{
    /// <summary>Streams named in the URL: <c>/stream?streams=btcusdt@kline_1m/ethusdt@kline_1m</c>.</summary>
    Url,

    /// <summary>Connect to <c>/stream</c> and send <c>SUBSCRIBE</c> messages (paced under Binance's 5 messages/s limit).</summary>
    Messages,
}

/// <summary>Settings of the Binance spot kline feed. Defaults point at the production endpoints.</summary>
public sealed class BinanceFeedOptions : ExchangeFeedOptions
{
    /// <summary>Configuration section the options bind from by convention.</summary>
    public const string SectionName = "PredictionSdk:Feeds:Binance";

    /// <summary>Creates options with Binance's production endpoints and limits.</summary>
    public BinanceFeedOptions()
    {
        WebSocketUrl = "wss://stream.binance.com:9443";
        RestUrl = "https://api.binance.com";
        // Binance closes every connection after 24 h; renew a little earlier on our own terms.
        MaxConnectionLifetime = TimeSpan.FromHours(23.5);
        // /api/v3/klines weighs 2 of 6000 per minute; 20 requests/s stays far below.
        RestRequestsPerSecond = 20;
    }

    /// <summary>URL streams or SUBSCRIBE messages.</summary>
    public BinanceSubscriptionMode SubscriptionMode { get; set; } = BinanceSubscriptionMode.Url;

    /// <summary>Streams per SUBSCRIBE message.</summary>
    public int StreamsPerSubscribeMessage { get; set; } = 100;

    /// <summary>Klines per REST page (Binance allows at most 1000).</summary>
    public int RestPageSize { get; set; } = 1000;

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (string failure in base.Validate())
        {
            yield return failure;
        }

        if (RestPageSize is < 1 or > 1000)
        {
            yield return $"BinanceFeedOptions.RestPageSize must be in [1, 1000] (was {RestPageSize}).";
        }

        if (StreamsPerSubscribeMessage is < 1 or > 1024)
        {
            yield return $"BinanceFeedOptions.StreamsPerSubscribeMessage must be in [1, 1024] (was {StreamsPerSubscribeMessage}).";
        }
    }
}
