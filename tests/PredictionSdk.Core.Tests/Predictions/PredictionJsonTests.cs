using System.Text.Json;
using PredictionSdk.Tests;

namespace PredictionSdk.Core.Tests.Predictions;

public sealed class PredictionJsonTests
{
    private static readonly Prediction Sample = new()
    {
        Symbol = Symbol.Parse("BTC-USDT"),
        Timestamp = new DateTime(2024, 1, 31, 23, 58, 0, DateTimeKind.Utc),
        TargetTime = new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc),
        Horizon = 1,
        Interval = Interval.OneMinute,
        CurrentPrice = 42580.1,
        PredictedPrice = 42581.37,
        Direction = Direction.Up,
        Confidence = 0.5138,
        Lower = 42541.2,
        Upper = 42622.4,
        IntervalCoverage = 0.9,
        Indicators = new TechnicalIndicators(55.2, 3.1, 42620.5, null),
        ModelVersion = "btc-tiny-hybrid@3",
        IsPreview = true,
    };

    [Fact]
    public void A_prediction_is_written_with_the_contract_names_in_order_and_follows_the_schema()
    {
        string json = PredictionJson.Serialize(Sample);

        using var document = JsonDocument.Parse(json);
        Assert.Equal(
            ["schema_version", "symbol", "timestamp", "current_price", "predicted_price", "confidence", "direction", "change_percent",
             "technical_indicators", "lower", "upper", "interval_coverage", "horizon", "interval", "target_time", "model_version", "preview"],
            document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(PredictionJson.SchemaVersion, document.RootElement.GetProperty("schema_version").GetInt32());
        Assert.Equal("2024-01-31T23:58:00Z", document.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal("up", document.RootElement.GetProperty("direction").GetString());
        Assert.Equal("1m", document.RootElement.GetProperty("interval").GetString());
        Assert.Equal(
            ["rsi", "macd", "bollinger_upper", "bollinger_lower"],
            document.RootElement.GetProperty("technical_indicators").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("technical_indicators").GetProperty("bollinger_lower").ValueKind);
        Assert.Equal(Sample.ChangePercent, document.RootElement.GetProperty("change_percent").GetDouble());
        PredictionSchema.AssertValid(document.RootElement);
    }

    [Fact]
    public void Serialize_and_deserialize_round_trip_every_field()
    {
        var again = PredictionJson.Deserialize(PredictionJson.Serialize(Sample, indented: true));

        Assert.Equal(Sample, again);
        Assert.Equal(DateTimeKind.Utc, again.Timestamp.Kind);
        Assert.Equal(PredictionJson.Serialize(Sample), PredictionJson.Serialize(again));
    }

    [Fact]
    public void The_source_generated_context_and_the_helpers_write_the_same_bytes()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            PredictionJson.Write(writer, Sample);
        }

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(Sample, PredictionJsonContext.Default.Prediction), buffer.WrittenSpan.ToArray());
        Assert.Equal(PredictionJson.SerializeToUtf8Bytes(Sample), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_prediction_without_indicators_writes_null_and_still_follows_the_schema()
    {
        string json = PredictionJson.Serialize(Sample with { Indicators = null, IsPreview = false });

        PredictionSchema.AssertValid(json);
        Assert.Null(PredictionJson.Deserialize(json).Indicators);
    }

    [Theory]
    [InlineData("\"schema_version\":1", "\"schema_version\":2", "schema_version")]
    [InlineData("\"schema_version\":1,", "", "schema_version")]
    [InlineData("\"predicted_price\":42581.37,", "", "predicted_price")]
    [InlineData("\"symbol\":\"BTC-USDT\"", "\"symbol\":\"\"", "symbol")]
    [InlineData("\"interval\":\"1m\"", "\"interval\":\"7q\"", "interval")]
    [InlineData("\"direction\":\"up\"", "\"direction\":\"sideways\"", "direction")]
    [InlineData("\"current_price\":42580.1", "\"current_price\":\"42580.1\"", "current_price")]
    public void Json_that_breaks_the_contract_is_refused_naming_the_field(string find, string replace, string field)
    {
        string json = PredictionJson.Serialize(Sample);
        Assert.Contains(find, json, StringComparison.Ordinal);

        var error = Assert.Throws<PredictionFormatException>(() => PredictionJson.Deserialize(json.Replace(find, replace, StringComparison.Ordinal)));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_json_is_refused_with_a_typed_error()
    {
        var error = Assert.Throws<PredictionFormatException>(() => PredictionJson.Deserialize("{\"symbol\":"));
        Assert.Null(error.Field);
    }

    [Fact]
    public void The_schema_refuses_the_shapes_the_contract_replaced()
    {
        // The camelCase shape psdk predict used to print and the flat one of psdk stream.
        using var camel = JsonDocument.Parse("""{"symbol":"BTC-USDT","currentPrice":1.0,"predictedPrice":1.1,"direction":"up","confidence":0.6}""");
        using var flat = JsonDocument.Parse("""{"symbol":"BTC-USDT","time":"2024-01-01T00:00:00Z","price":1.0,"predicted":1.1,"rsi":50,"bbUpper":1.2}""");
        using var good = JsonDocument.Parse(PredictionJson.Serialize(Sample));
        var wrongDirection = System.Text.Json.Nodes.JsonNode.Parse(PredictionJson.Serialize(Sample))!;
        wrongDirection["direction"] = "north";

        Assert.NotEmpty(PredictionSchema.Errors(camel.RootElement));
        Assert.NotEmpty(PredictionSchema.Errors(flat.RootElement));
        Assert.NotEmpty(PredictionSchema.Errors(JsonSerializer.SerializeToElement(wrongDirection)));
        Assert.Empty(PredictionSchema.Errors(good.RootElement));
    }

    [Theory]
    [InlineData("direction", "down")] // direction against the price move
    [InlineData("predicted_price", 42580.1)] // "up" with no move
    [InlineData("change_percent", -0.003)] // a fall while the price rises
    [InlineData("change_percent", 0.0)] // "up" with no change
    public void A_prediction_that_contradicts_itself_is_caught_although_the_schema_allows_it(string field, object value)
    {
        var edited = System.Text.Json.Nodes.JsonNode.Parse(PredictionJson.Serialize(Sample))!;
        edited[field] = value is string text ? System.Text.Json.Nodes.JsonValue.Create(text) : System.Text.Json.Nodes.JsonValue.Create((double)value);
        var element = JsonSerializer.SerializeToElement(edited);

        Assert.Empty(PredictionSchema.Errors(element));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => PredictionSchema.AssertValid(element));
    }
}
