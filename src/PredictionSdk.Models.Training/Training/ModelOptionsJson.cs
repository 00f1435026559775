using System.Text.Json;
using System.Text.Json.Nodes;

namespace PredictionSdk.Models.Training;

/// <summary>Round-trips <see cref="ModelOptions"/> through the bundle manifest.</summary>
internal static class ModelOptionsJson
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static JsonObject ToJson(ModelOptions options) =>
        JsonSerializer.SerializeToNode(options, options.GetType(), Json)!.AsObject();

    public static ModelOptions FromJson(ModelType type, JsonObject? json)
    {
        if (json is null)
        {
            return ModelOptions.For(type);
        }

        var copy = JsonNode.Parse(json.ToJsonString())!.AsObject();
        copy.Remove("modelType");
        ModelOptions options = type switch
        {
            ModelType.Hybrid => copy.Deserialize<HybridModelOptions>(Json)!,
            ModelType.Lstm => copy.Deserialize<LstmModelOptions>(Json)!,
            ModelType.Transformer => copy.Deserialize<TransformerModelOptions>(Json)!,
            _ => throw new NotSupportedException($"Model type {type} has no TorchSharp network."),
        };
        options.Validate();
        return options;
    }
}
