using System.Text.Json.Serialization;

namespace PredictionSdk.Data.Exchanges.Alpaca;

/// <summary>Alpaca <c>{"action":"auth","key":…,"secret":…}</c>; never logged.</summary>
internal sealed record AlpacaAuth(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("secret")] string Secret)
{
    public override string ToString() => "AlpacaAuth { *** }";
}

/// <summary>Alpaca <c>{"action":"subscribe","bars":[…]}</c>.</summary>
internal sealed record AlpacaSubscribe(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("bars")] string[] Bars);

[JsonSerializable(typeof(AlpacaAuth))]
[JsonSerializable(typeof(AlpacaSubscribe))]
internal sealed partial class AlpacaJsonContext : JsonSerializerContext;
