using System.Text.Json.Serialization;

namespace PredictionSdk.Data.Exchanges.Coinbase;

/// <summary>Coinbase Advanced Trade <c>{"type":"subscribe","product_ids":[…],"channel":"market_trades"}</c>.</summary>
internal sealed record CoinbaseSubscribe(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("product_ids")] string[] ProductIds,
    [property: JsonPropertyName("channel")] string Channel);

[JsonSerializable(typeof(CoinbaseSubscribe))]
internal sealed partial class CoinbaseJsonContext : JsonSerializerContext;
