using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PredictionSdk.Server;

/// <summary>JSON as the API documents it: snake_case names, lower-case enums, predictions in the SDK's contract.</summary>
public static class ApiJson
{
    /// <summary>Serializer options shared by REST and WebSocket messages.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the API's conventions to <paramref name="options"/>.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;

        // Predictions nested in any answer or message are written by the SDK's one prediction contract.
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(PredictionJsonContext.Default, options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver());
        return options;
    }
}
