using System.Text.Json.Serialization;

namespace PredictionSdk.Models.Features;

/// <summary>Source-generated JSON for <see cref="RobustScaler"/>: compact camelCase, no reflection (trimming-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RobustScaler))]
internal sealed partial class ScalerJsonContext : JsonSerializerContext;
