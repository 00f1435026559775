namespace PredictionSdk.Data.Exchanges.Kraken;

/// <summary>Settings of the Kraken WebSocket v2 <c>ohlc</c> feed. Defaults point at the production endpoints.</summary>
public sealed class KrakenFeedOptions : ExchangeFeedOptions
{
    /// <summary>Configuration section the options bind from by convention.</summary>
    public const string SectionName = "PredictionSdk:Feeds:Kraken";

    /// <summary>Creates options with Kraken's production endpoints and limits.</summary>
    public KrakenFeedOptions()
    {
        WebSocketUrl = "wss://ws.kraken.com/v2";
        RestUrl = "https://api.kraken.com";
        // Public REST endpoints allow roughly one call per second per IP.
        RestRequestsPerSecond = 1;
        // Kraken sends a heartbeat every second on a subscribed connection.
        IdleTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>
    /// A bar is closed once a message stamped this long after its end arrives, even when the symbol itself is quiet
    /// (Kraken's <c>ohlc</c> updates carry no "closed" flag).
    /// </summary>
    public TimeSpan CloseGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (string failure in base.Validate())
        {
            yield return failure;
        }

        if (CloseGrace < TimeSpan.Zero)
        {
            yield return $"KrakenFeedOptions.CloseGrace must not be negative (was {CloseGrace}).";
        }
    }
}
