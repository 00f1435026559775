using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Serialization;

namespace PredictionSdk.Orleans;

/// <summary>
/// How the SDK's own types (<see cref="Prediction"/>, <see cref="Candle"/>, <see cref="CandleUpdate"/>…) cross the
/// cluster: as JSON, so that every field they carry (today's and tomorrow's) goes along without a copy of their shape
/// here. Silos and clients must register the same codec; the DI extensions do.
/// </summary>
internal static class WireSerialization
{
    private static readonly JsonSerializerOptions Options = Create();

    /// <summary>Registers the codec for the types of the SDK's core assembly, and the closed bars the symbol grains publish.</summary>
    public static void AddPredictionSdkTypes(this ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(isSupported: type => type.Assembly == typeof(Prediction).Assembly || type == typeof(Streaming.IndicatorUpdate), Options);

    private static JsonSerializerOptions Create()
    {
        // Order-flow fields a source does not report are NaN on Candle; they must cross the wire as such.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
        options.Converters.Add(new SymbolConverter());
        options.Converters.Add(new IntervalConverter());
        return options;
    }

    private sealed class SymbolConverter : JsonConverter<Symbol>
    {
        public override Symbol Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Symbol.Parse(reader.GetString() ?? throw new JsonException("A symbol must be a string."));

        public override void Write(Utf8JsonWriter writer, Symbol value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    private sealed class IntervalConverter : JsonConverter<Interval>
    {
        public override Interval Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Interval.Parse(reader.GetString() ?? throw new JsonException("An interval must be a string."));

        public override void Write(Utf8JsonWriter writer, Interval value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
    }
}
