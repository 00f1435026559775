using System.Text.Json.Serialization;

namespace PredictionSdk.Data.Exchanges.Kraken;

/// <summary>Kraken v2 <c>{"method":"subscribe","params":{…},"req_id":1}</c>.</summary>
internal sealed record KrakenSubscribe(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("params")] KrakenSubscribeParams Params,
    [property: JsonPropertyName("req_id")] int RequestId);

/// <summary>Parameters of an <c>ohlc</c> subscription.</summary>
internal sealed record KrakenSubscribeParams(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("symbol")] string[] Symbol,
    [property: JsonPropertyName("interval")] int Interval,
    [property: JsonPropertyName("snapshot")] bool Snapshot);

[JsonSerializable(typeof(KrakenSubscribe))]
internal sealed partial class KrakenJsonContext : JsonSerializerContext;
