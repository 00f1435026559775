namespace PredictionSdk.Data.Exchanges.Coinbase;

/// <summary>Settings of the Coinbase Advanced Trade feed. Defaults point at the production endpoints.</summary>
public sealed class CoinbaseFeedOptions : ExchangeFeedOptions
{
    /// <summary>Configuration section the options bind from by convention.</summary>
    public const string SectionName = "PredictionSdk:Feeds:Coinbase";

    /// <summary>Creates options with Coinbase's production endpoints and limits.</summary>
    public CoinbaseFeedOptions()
    {
        WebSocketUrl = "wss://advanced-trade-ws.coinbase.com";
        RestUrl = "https://api.coinbase.com";
        RestRequestsPerSecond = 10;
        // The heartbeats channel ticks every second.
        IdleTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>How long after its end a bar still accepts out-of-order trades before it closes.</summary>
    public TimeSpan LateTradeTolerance { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Trade ids remembered per product to drop trades sent twice (snapshots after a reconnect).</summary>
    public int TradeIdMemory { get; set; } = 5000;

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (string failure in base.Validate())
        {
            yield return failure;
        }

        if (LateTradeTolerance < TimeSpan.Zero || LateTradeTolerance >= TimeSpan.FromSeconds(30))
        {
            yield return $"CoinbaseFeedOptions.LateTradeTolerance must be in [0, 30 s) (was {LateTradeTolerance}).";
        }

        if (TradeIdMemory < 100)
        {
            yield return $"CoinbaseFeedOptions.TradeIdMemory must be at least 100 (was {TradeIdMemory}).";
        }
    }
}
