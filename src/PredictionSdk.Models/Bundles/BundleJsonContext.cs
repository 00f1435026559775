using System.Text.Json.Serialization;

namespace PredictionSdk.Models.Bundles;

/// <summary>
/// Source-generated JSON for <see cref="BundleManifest"/>: camelCase names, named floating-point literals allowed,
/// no reflection, so a trimmed or native-AOT app reads bundles.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BundleManifest))]
internal sealed partial class BundleJsonContext : JsonSerializerContext;
