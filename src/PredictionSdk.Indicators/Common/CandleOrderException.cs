using System.Globalization;

namespace PredictionSdk.Indicators;

/// <summary>
/// Batch input whose timestamps are not strictly increasing: a bar out of order or a duplicate.
/// Names the offending position (<see cref="Index"/>, 0-based) and both timestamps.
/// </summary>
public class CandleOrderException : CandleValidationException
{
    /// <summary>Creates the error.</summary>
    public CandleOrderException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public CandleOrderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public CandleOrderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for the candle at <paramref name="index"/>.</summary>
    public CandleOrderException(int index, DateTime timestamp, DateTime previousTimestamp)
        : base(Describe(index, timestamp, previousTimestamp))
    {
        Index = index;
        Timestamp = timestamp;
        PreviousTimestamp = previousTimestamp;
    }

    /// <summary>0-based position of the offending candle in the input.</summary>
    public int Index { get; }

    /// <summary>Timestamp of the offending candle.</summary>
    public DateTime Timestamp { get; }

    /// <summary>Timestamp of the candle just before it.</summary>
    public DateTime PreviousTimestamp { get; }

    /// <summary>True when the offending candle repeats the previous timestamp.</summary>
    public bool IsDuplicate => Timestamp == PreviousTimestamp;

    private static string Describe(int index, DateTime timestamp, DateTime previous) =>
        timestamp == previous
            ? string.Create(CultureInfo.InvariantCulture, $"Candles must have strictly increasing timestamps: candle {index} repeats timestamp {timestamp:O}.")
            : string.Create(CultureInfo.InvariantCulture, $"Candles must be sorted by timestamp: candle {index} at {timestamp:O} comes after {previous:O} (candle {index - 1}).");
}
