using System.Globalization;

namespace PredictionSdk.Data.Storage;

/// <summary>Column order and conversions shared by the SQL prediction stores.</summary>
internal static class PredictionRows
{
    public const string Columns =
        "symbol, ts, horizon, model_version, interval, target_time, current_price, predicted_price, direction, confidence, lower, upper, coverage, rsi, macd, bb_upper, bb_lower, actual_price";

    public static string DirectionText(Direction direction) => direction switch
    {
        Direction.Up => "up",
        Direction.Down => "down",
        _ => "flat",
    };

    public static Direction ParseDirection(string text) => text switch
    {
        "up" => Direction.Up,
        "down" => Direction.Down,
        "flat" => Direction.Flat,
        _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Stored direction '{text}' is not up, down or flat.")),
    };

    public static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    /// <summary>Builds a record from one row read in <see cref="Columns"/> order.</summary>
    public static PredictionRecord Read(Func<int, object?> field)
    {
        double? Nullable(int i) => field(i) is null or DBNull ? null : Convert.ToDouble(field(i), CultureInfo.InvariantCulture);
        DateTime Time(int i) => field(i) switch
        {
            DateTime t => Utc(t),
            long ms => DateTime.UnixEpoch.AddMilliseconds(ms),
            var other => throw new FormatException($"Stored time '{other}' is not a time."),
        };

        var prediction = new Prediction
        {
            Symbol = Symbol.Parse((string)field(0)!),
            Timestamp = Time(1),
            Horizon = Convert.ToInt32(field(2), CultureInfo.InvariantCulture),
            ModelVersion = (string)field(3)!,
            Interval = Interval.Parse((string)field(4)!),
            TargetTime = Time(5),
            CurrentPrice = Convert.ToDouble(field(6), CultureInfo.InvariantCulture),
            PredictedPrice = Convert.ToDouble(field(7), CultureInfo.InvariantCulture),
            Direction = ParseDirection((string)field(8)!),
            Confidence = Convert.ToDouble(field(9), CultureInfo.InvariantCulture),
            Lower = Convert.ToDouble(field(10), CultureInfo.InvariantCulture),
            Upper = Convert.ToDouble(field(11), CultureInfo.InvariantCulture),
            IntervalCoverage = Convert.ToDouble(field(12), CultureInfo.InvariantCulture),
            Indicators = ReadIndicators(Nullable(13), Nullable(14), Nullable(15), Nullable(16)),
        };
        return new PredictionRecord(prediction, Nullable(17));
    }

    // A prediction without indicators is stored as four nulls and read back as none reported. Four indicators all
    // still warming up would read the same way; that is rare, since warm-up fetches at least their history first.
    private static TechnicalIndicators? ReadIndicators(double? rsi, double? macd, double? upper, double? lower) =>
        rsi is null && macd is null && upper is null && lower is null ? null : new TechnicalIndicators(rsi, macd, upper, lower);

    /// <summary>The values of one prediction in <see cref="Columns"/> order (times as given by <paramref name="time"/>).</summary>
    public static object?[] Values(Prediction p, Func<DateTime, object> time) =>
    [
        p.Symbol.Value, time(p.Timestamp), p.Horizon, p.ModelVersion, p.Interval.Name, time(p.TargetTime), p.CurrentPrice, p.PredictedPrice,
        DirectionText(p.Direction), p.Confidence, p.Lower, p.Upper, p.IntervalCoverage,
        p.Indicators?.Rsi, p.Indicators?.Macd, p.Indicators?.BollingerUpper, p.Indicators?.BollingerLower, null,
    ];
}
