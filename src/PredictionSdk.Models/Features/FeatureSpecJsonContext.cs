using System.Text.Json;
using System.Text.Json.Serialization;

namespace PredictionSdk.Models.Features;

/// <summary>Source-generated JSON for <see cref="FeatureSpec"/>: camelCase names, asset classes as camelCase strings, no reflection (trimming-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(CamelCaseAssetClassConverter)])]
[JsonSerializable(typeof(FeatureSpec))]
internal sealed partial class FeatureSpecJsonContext : JsonSerializerContext;

/// <summary>Writes <see cref="AssetClass"/> as <c>"crypto"</c>/<c>"stock"</c>; reads any casing.</summary>
internal sealed class CamelCaseAssetClassConverter : JsonStringEnumConverter<AssetClass>
{
    public CamelCaseAssetClassConverter()
        : base(JsonNamingPolicy.CamelCase)
    {
    }
}
