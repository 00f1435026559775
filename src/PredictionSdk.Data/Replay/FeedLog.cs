using Microsoft.Extensions.Logging;

namespace PredictionSdk.Data.Replay;

/// <summary>Log events of the replay feed; the ids continue the exchange feeds' range and are stable.</summary>
internal static partial class FeedLog
{
    [LoggerMessage(EventId = 6116, EventName = "ReplayStarted", Level = LogLevel.Information, Message = "replay: {Symbols} symbols, {Bars} bars, speed {Speed}")]
    public static partial void ReplayStarted(ILogger logger, int symbols, int bars, string speed);

    [LoggerMessage(EventId = 6140, EventName = "ReplayDuplicateDropped", Level = LogLevel.Warning, Message = "replay: {Source} line {Line}: a bar opening at {Timestamp:o} was already read; the first is kept, this one dropped")]
    public static partial void ReplayDuplicateDropped(ILogger logger, string source, long line, DateTime timestamp);
}
