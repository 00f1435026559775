using System.Text.Json.Serialization;

namespace PredictionSdk.Data.Exchanges.Binance;

/// <summary>Binance's <c>{"method":"SUBSCRIBE","params":[…],"id":1}</c> request.</summary>
internal sealed record SubscribeMessage(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("params")] string[] Params,
    [property: JsonPropertyName("id")] int Id);

[JsonSerializable(typeof(SubscribeMessage))]
internal sealed partial class BinanceJsonContext : JsonSerializerContext;
