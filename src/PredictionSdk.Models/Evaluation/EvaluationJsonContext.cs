using System.Text.Json.Serialization;

namespace PredictionSdk.Models.Evaluation;

/// <summary>Source-generated JSON for <see cref="EvaluationReport"/> (<c>evaluation.json</c>): camelCase, NaN allowed, no reflection (trimming-safe).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EvaluationReport))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;
