namespace PredictionSdk.Models.Tests.Outcomes;

/// <summary>Hand-made predictions for scoring tests.</summary>
internal static class Predictions
{
    public static readonly DateTime Start = new(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A 1-minute prediction made at minute <paramref name="minute"/>, with bounds and median as log returns from 100.</summary>
    public static Prediction Make(
        int minute = 0,
        double lower = -0.01,
        double median = 0.001,
        double upper = 0.01,
        Direction direction = Direction.Up,
        double confidence = 0.6,
        double coverage = 0.9,
        int horizon = 1,
        string symbol = "BTC-USD",
        string version = "hybrid-abc-20240101",
        double price = 100) => new()
        {
            Symbol = Symbol.Parse(symbol),
            Timestamp = Start.AddMinutes(minute),
            TargetTime = Start.AddMinutes(minute + horizon + 1),
            Horizon = horizon,
            Interval = Interval.OneMinute,
            CurrentPrice = price,
            PredictedPrice = price * Math.Exp(median),
            Direction = direction,
            Confidence = confidence,
            Lower = price * Math.Exp(lower),
            Upper = price * Math.Exp(upper),
            IntervalCoverage = coverage,
            ModelVersion = version,
        };
}
