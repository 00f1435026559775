using System.Text.Json.Serialization;

namespace PredictionSdk;

/// <summary>Which way the price is expected to move. JSON: <c>"up"</c>, <c>"down"</c> or <c>"flat"</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Direction>))]
public enum Direction
{
    /// <summary>Price expected to fall.</summary>
    [JsonStringEnumMemberName("down")]
    Down = -1,

    /// <summary>No move expected: the predicted price equals the current price.</summary>
    [JsonStringEnumMemberName("flat")]
    Flat = 0,

    /// <summary>Price expected to rise.</summary>
    [JsonStringEnumMemberName("up")]
    Up = 1,
}

/// <summary>Indicator values at the time of a prediction, as the REST answer reports them.</summary>
/// <param name="Rsi">RSI(14).</param>
/// <param name="Macd">MACD(12, 26) line.</param>
/// <param name="BollingerUpper">Upper Bollinger band (20, 2).</param>
/// <param name="BollingerLower">Lower Bollinger band (20, 2).</param>
public sealed record TechnicalIndicators(
    [property: JsonPropertyName("rsi")] double? Rsi,
    [property: JsonPropertyName("macd")] double? Macd,
    [property: JsonPropertyName("bollinger_upper")] double? BollingerUpper,
    [property: JsonPropertyName("bollinger_lower")] double? BollingerLower);

/// <summary>
/// A forecast for one symbol and horizon, made from the bars closed at <see cref="Timestamp"/>.
/// </summary>
/// <remarks>
/// Its JSON form is one versioned contract (<see cref="PredictionJson"/>, schema in <c>docs/prediction.schema.json</c>):
/// the REST API, the WebSocket stream, <c>psdk predict</c> and <c>psdk stream</c> all write it.
/// </remarks>
public sealed record Prediction
{
    /// <summary>Version of the JSON contract this prediction is written with (<see cref="PredictionJson.SchemaVersion"/>).</summary>
    [JsonPropertyName("schema_version")]
    [JsonPropertyOrder(-1)]
    public int SchemaVersion => PredictionJson.SchemaVersion;

    /// <summary>Instrument.</summary>
    [JsonPropertyName("symbol")]
    [JsonPropertyOrder(0)]
    [JsonConverter(typeof(SymbolJsonConverter))]
    public required Symbol Symbol { get; init; }

    /// <summary>Open time (UTC) of the latest bar the prediction used.</summary>
    [JsonPropertyName("timestamp")]
    [JsonPropertyOrder(1)]
    [JsonConverter(typeof(UtcDateTimeJsonConverter))]
    public required DateTime Timestamp { get; init; }

    /// <summary>Time (UTC) the prediction is for: the close of the bar <see cref="Horizon"/> bars ahead.</summary>
    [JsonPropertyName("target_time")]
    [JsonPropertyOrder(13)]
    [JsonConverter(typeof(UtcDateTimeJsonConverter))]
    public required DateTime TargetTime { get; init; }

    /// <summary>Bars ahead, e.g. 1 for the next minute on 1-minute bars.</summary>
    [JsonPropertyName("horizon")]
    [JsonPropertyOrder(11)]
    public required int Horizon { get; init; }

    /// <summary>Bar length of the model.</summary>
    [JsonPropertyName("interval")]
    [JsonPropertyOrder(12)]
    [JsonConverter(typeof(IntervalJsonConverter))]
    public required Interval Interval { get; init; }

    /// <summary>Close of the latest bar.</summary>
    [JsonPropertyName("current_price")]
    [JsonPropertyOrder(2)]
    public required double CurrentPrice { get; init; }

    /// <summary>
    /// Median predicted price at <see cref="TargetTime"/>, read off the same predictive distribution as
    /// <see cref="Direction"/>, <see cref="Confidence"/>, <see cref="Lower"/> and <see cref="Upper"/>: it lies above
    /// <see cref="CurrentPrice"/> exactly when the direction is up, below it exactly when it is down.
    /// </summary>
    [JsonPropertyName("predicted_price")]
    [JsonPropertyOrder(3)]
    public required double PredictedPrice { get; init; }

    /// <summary>Expected direction of the move.</summary>
    [JsonPropertyName("direction")]
    [JsonPropertyOrder(5)]
    public required Direction Direction { get; init; }

    /// <summary>Calibrated probability, in [0.5, 1], that <see cref="Direction"/> is right (for a flat prediction, the larger of P(up) and P(down)).</summary>
    [JsonPropertyName("confidence")]
    [JsonPropertyOrder(4)]
    public required double Confidence { get; init; }

    /// <summary>Predicted change from <see cref="CurrentPrice"/> to <see cref="PredictedPrice"/>, in percent.</summary>
    [JsonPropertyName("change_percent")]
    [JsonPropertyOrder(6)]
    public double ChangePercent => CurrentPrice == 0 ? 0 : (PredictedPrice / CurrentPrice - 1.0) * 100.0;

    /// <summary>Lower bound of the prediction interval (it always contains <see cref="PredictedPrice"/>).</summary>
    [JsonPropertyName("lower")]
    [JsonPropertyOrder(8)]
    public required double Lower { get; init; }

    /// <summary>Upper bound of the prediction interval.</summary>
    [JsonPropertyName("upper")]
    [JsonPropertyOrder(9)]
    public required double Upper { get; init; }

    /// <summary>Nominal coverage of [<see cref="Lower"/>, <see cref="Upper"/>], e.g. 0.9.</summary>
    [JsonPropertyName("interval_coverage")]
    [JsonPropertyOrder(10)]
    public double IntervalCoverage { get; init; } = 0.9;

    /// <summary>Indicator values at <see cref="Timestamp"/>.</summary>
    [JsonPropertyName("technical_indicators")]
    [JsonPropertyOrder(7)]
    public TechnicalIndicators? Indicators { get; init; }

    /// <summary>Version string of the model bundle that made the prediction.</summary>
    [JsonPropertyName("model_version")]
    [JsonPropertyOrder(14)]
    public string ModelVersion { get; init; } = string.Empty;

    /// <summary>True when made from a still-open bar (as if it closed now); a later prediction for the same bar supersedes it.</summary>
    [JsonPropertyName("preview")]
    [JsonPropertyOrder(15)]
    public bool IsPreview { get; init; }
}
