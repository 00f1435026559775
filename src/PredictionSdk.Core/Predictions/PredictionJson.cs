using System.Text.Json;
using System.Text.Json.Serialization;

namespace PredictionSdk;

/// <summary>
/// The one JSON contract of <see cref="Prediction"/>: snake_case names, lower-case directions, ISO-8601 UTC times and
/// a <c>schema_version</c>. Everything that writes or reads a prediction as JSON (the REST API, the WebSocket stream,
/// <c>psdk predict</c>, <c>psdk stream</c>) goes through here; <c>docs/prediction.schema.json</c> describes it.
/// </summary>
/// <example>
/// <code>
/// string json = PredictionJson.Serialize(prediction);
/// Prediction again = PredictionJson.Deserialize(json);
/// </code>
/// </example>
public static class PredictionJson
{
    /// <summary>
    /// Version of the contract. It changes only when a field is renamed, removed or changes meaning; readers refuse
    /// a newer version instead of misreading it.
    /// </summary>
    public const int SchemaVersion = 1;

    private static readonly PredictionJsonContext Indented = new(new JsonSerializerOptions(PredictionJsonContext.Default.Options) { WriteIndented = true });

    /// <summary>Writes <paramref name="prediction"/> as one JSON object.</summary>
    /// <param name="prediction">The prediction.</param>
    /// <param name="indented">True for multi-line output meant for people; false (the default) for one line.</param>
    public static string Serialize(Prediction prediction, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return JsonSerializer.Serialize(prediction, indented ? Indented.Prediction : PredictionJsonContext.Default.Prediction);
    }

    /// <summary>Writes <paramref name="prediction"/> as UTF-8 JSON bytes (one line).</summary>
    public static byte[] SerializeToUtf8Bytes(Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return JsonSerializer.SerializeToUtf8Bytes(prediction, PredictionJsonContext.Default.Prediction);
    }

    /// <summary>Writes <paramref name="prediction"/> as one JSON object to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(prediction);
        JsonSerializer.Serialize(writer, prediction, PredictionJsonContext.Default.Prediction);
    }

    /// <summary>Reads a prediction written by <see cref="Serialize"/> (or any writer of the contract).</summary>
    /// <exception cref="PredictionFormatException">
    /// The text is not JSON, lacks a required field, has a field of the wrong type, or carries a
    /// <c>schema_version</c> other than <see cref="SchemaVersion"/>; the message names the field.
    /// </exception>
    public static Prediction Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new PredictionFormatException(null, $"Prediction JSON is malformed at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}", ex);
        }

        using (document)
        {
            return Deserialize(document.RootElement);
        }
    }

    /// <summary>Reads a prediction from a parsed JSON object (for example one item of a larger message).</summary>
    /// <exception cref="PredictionFormatException">The object does not follow the contract; the message names the field.</exception>
    public static Prediction Deserialize(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PredictionFormatException(null, $"A prediction is a JSON object, not {element.ValueKind}.");
        }

        if (!element.TryGetProperty("schema_version", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw new PredictionFormatException("schema_version", "Prediction JSON has no numeric 'schema_version'.");
        }

        if (!version.TryGetInt32(out int v) || v != SchemaVersion)
        {
            throw new PredictionFormatException("schema_version", $"Prediction JSON has schema_version {version.GetRawText()}; this version of PredictionSdk reads {SchemaVersion}.");
        }

        try
        {
            return element.Deserialize(PredictionJsonContext.Default.Prediction)
                ?? throw new PredictionFormatException(null, "Prediction JSON is null.");
        }
        catch (JsonException ex)
        {
            string? field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            throw new PredictionFormatException(field, $"Prediction JSON is invalid{(field is null ? string.Empty : $" at '{field}'")}: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new PredictionFormatException(null, $"Prediction JSON is invalid: {ex.Message}", ex);
        }
    }
}

/// <summary>
/// Source-generated <see cref="System.Text.Json"/> metadata of the prediction contract. Pass
/// <c>PredictionJsonContext.Default.Prediction</c> to <see cref="JsonSerializer"/> (or add the context to a resolver
/// chain) to write predictions exactly as <see cref="PredictionJson"/> does, without reflection.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(Prediction))]
[JsonSerializable(typeof(IReadOnlyList<Prediction>))]
[JsonSerializable(typeof(TechnicalIndicators))]
public sealed partial class PredictionJsonContext : JsonSerializerContext;
