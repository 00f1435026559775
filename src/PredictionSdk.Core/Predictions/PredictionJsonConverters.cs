using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PredictionSdk;

/// <summary>Symbols as their canonical text, e.g. <c>"BTC-USD"</c>.</summary>
internal sealed class SymbolJsonConverter : JsonConverter<Symbol>
{
    public override Symbol Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Symbol.TryParse(text, out var symbol) ? symbol : throw new JsonException($"'{text}' is not a symbol such as BTC-USD or AAPL.");
    }

    public override void Write(Utf8JsonWriter writer, Symbol value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

/// <summary>Bar intervals as their short name, e.g. <c>"1m"</c>.</summary>
internal sealed class IntervalJsonConverter : JsonConverter<Interval>
{
    public override Interval Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Interval.TryParse(text, CultureInfo.InvariantCulture, out var interval) ? interval : throw new JsonException($"'{text}' is not an interval such as 1m or 1h.");
    }

    public override void Write(Utf8JsonWriter writer, Interval value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}

/// <summary>
/// Times as ISO-8601 UTC with a trailing <c>Z</c>, whatever the <see cref="DateTimeKind"/> in memory (the SDK keeps
/// UTC throughout); offsets in input are converted to UTC.
/// </summary>
internal sealed class UtcDateTimeJsonConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
        {
            throw new JsonException("Expected an ISO-8601 date-time such as 2024-01-02T10:00:00Z.");
        }

        return value.UtcDateTime;
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc));
}
