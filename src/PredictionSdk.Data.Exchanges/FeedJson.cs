using System.Globalization;
using System.Text.Json;

namespace PredictionSdk.Data.Exchanges;

/// <summary>Small, strict readers for exchange JSON: a missing or unreadable field throws <see cref="FormatException"/> naming it.</summary>
internal static class FeedJson
{
    /// <summary>Parses one complete JSON value from a WebSocket message; truncated or trailing garbage throws <see cref="JsonException"/>.</summary>
    public static JsonDocument Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var document = JsonDocument.ParseValue(ref reader);
        if (reader.BytesConsumed != utf8.Length && !IsWhitespace(utf8[(int)reader.BytesConsumed..]))
        {
            document.Dispose();
            throw new JsonException("trailing data after the JSON value");
        }

        return document;
    }

    public static bool RequiredBool(this JsonElement element, string name) => element.Required(name).ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"field '{name}' is not a boolean"),
    };

    public static JsonElement Required(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new FormatException($"field '{name}' is missing");

    public static string RequiredString(this JsonElement element, string name) =>
        element.Required(name).GetString() ?? throw new FormatException($"field '{name}' is not a string");

    public static string? OptionalString(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number sent either as a JSON number or as a decimal string ("NaN" and "Infinity" included: validation decides).</summary>
    public static double Number(this JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => throw new FormatException($"field '{name}' is not a number ({value.GetRawText()})"),
    };

    public static double RequiredNumber(this JsonElement element, string name) => element.Required(name).Number(name);

    /// <summary>An optional field (order flow): NaN ("not reported") when absent or null; present but not a number is an error.</summary>
    public static double OptionalNumber(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.Number(name)
            : double.NaN;

    public static long RequiredInt64(this JsonElement element, string name)
    {
        var value = element.Required(name);
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out long n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) => n,
            _ => throw new FormatException($"field '{name}' is not an integer ({value.GetRawText()})"),
        };
    }

    public static DateTime RequiredTime(this JsonElement element, string name)
    {
        string text = element.RequiredString(name);
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new FormatException($"field '{name}' is not a time ('{text}')");
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> rest)
    {
        foreach (byte b in rest)
        {
            if (b is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }

    public static DateTime FromUnixMilliseconds(long ms) => DateTime.UnixEpoch.AddMilliseconds(ms);

    public static DateTime FromUnixSeconds(double seconds) => DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    public static long ToUnixMilliseconds(DateTime time) => (long)(time.ToUniversalTime() - DateTime.UnixEpoch).TotalMilliseconds;

    public static long ToUnixSeconds(DateTime time) => (long)Math.Floor((time.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);

    public static DateTime Floor(DateTime time, Interval interval) => new(time.Ticks - (time.Ticks % interval.Duration.Ticks), DateTimeKind.Utc);
}
