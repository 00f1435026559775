using System.Text.Json.Serialization;

namespace PredictionSdk.Models.Calibration;

/// <summary>Source-generated JSON for <see cref="ForecastCalibration"/> (<c>calibration.json</c>): camelCase, no reflection (trimming-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ForecastCalibration))]
internal sealed partial class CalibrationJsonContext : JsonSerializerContext;
